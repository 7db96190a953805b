// Worker thread entry (bundled as signature-worker.js beside main.js): verifies the Ed25519
// checks it is sent with the same verifier the main thread uses.
import { parentPort } from 'node:worker_threads';
import { createNodeEd25519Verifier } from '@borderledger/node-crypto';
import type { SignatureCheck } from './app/commit/signature-checks';

const verify = createNodeEd25519Verifier();

parentPort?.on('message', ({ id, checks }: { id: number; checks: SignatureCheck[] }) => {
  const results = new Uint8Array(checks.length);
  checks.forEach((c, i) => (results[i] = verify(c.publicKey, c.message, c.signature) ? 1 : 0));
  parentPort?.postMessage({ id, results }, [results.buffer]);
});
