// Worker thread entry (bundled as validation-worker.js beside main.js): judges the submissions it
// is sent with the same function, hashing and verifier as the main thread would.
import { parentPort, workerData } from 'node:worker_threads';
import { type RegistrySnapshot, createRegistrySnapshot } from '@borderledger/entry-validation';
import { createNodeEd25519Verifier, useNativeHashing } from '@borderledger/node-crypto';
import { type JudgeSettings, judgeOptions } from './app/commit/submission-validator';
import { judgeSubmission } from './app/commit/submission-verdicts';
import { type JudgeRequest, type JudgeResponse, packVerdicts, unpackValues } from './app/commit/validation-worker-protocol';

useNativeHashing();
const options = judgeOptions(workerData as JudgeSettings, createNodeEd25519Verifier());
let registry: RegistrySnapshot | undefined;

parentPort?.on('message', (request: JudgeRequest) => {
  let response: JudgeResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    if (request.registry) registry = createRegistrySnapshot(request.registry.contents);
    if (!registry) throw new Error('no registry received yet');
    const snapshot = registry;
    const judged = { ...options, now: new Date(request.now) };
    const packed = packVerdicts(unpackValues(request.blob, request.ends).map((value) => judgeSubmission(value, snapshot, judged)));
    response = { id: request.id, ...packed };
    transfer = [packed.entries.buffer as ArrayBuffer, packed.hashes.buffer as ArrayBuffer];
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response, transfer);
});
