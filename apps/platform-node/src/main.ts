import './instrumentation';
import { runIngestionNode } from '@borderledger/ingestion';

// Everything but the name, port and description is shared by the three ingestion nodes:
// @borderledger/ingestion (docs/api/ingestion.md).
runIngestionNode({
  nodeName: 'platform-node',
  defaultPort: 3101,
  description: 'Ingestion node of e-commerce platforms (marketplace backends): order and payment events, and bookings they make.',
}).catch((error: Error) => {
  process.stderr.write(`platform-node failed to start: ${error.message}\n`);
  process.exit(1);
});
