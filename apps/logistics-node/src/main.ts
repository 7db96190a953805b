import './instrumentation';
import { runIngestionNode } from '@borderledger/ingestion';

// Everything but the name, port and description is shared by the three ingestion nodes:
// @borderledger/ingestion (docs/api/ingestion.md).
runIngestionNode({
  nodeName: 'logistics-node',
  defaultPort: 3103,
  description: 'Ingestion node of logistics operators (fulfilment, consolidation, brokers): packing, consolidation and movements.',
}).catch((error: Error) => {
  process.stderr.write(`logistics-node failed to start: ${error.message}\n`);
  process.exit(1);
});
