import './instrumentation';
import { runIngestionNode } from '@borderledger/ingestion';

// Everything but the name, port and description is shared by the three ingestion nodes:
// @borderledger/ingestion (docs/api/ingestion.md).
runIngestionNode({
  nodeName: 'carrier-node',
  defaultPort: 3102,
  description: 'Ingestion node of carriers, express and postal operators: shipment events from booking to delivery.',
}).catch((error: Error) => {
  process.stderr.write(`carrier-node failed to start: ${error.message}\n`);
  process.exit(1);
});
