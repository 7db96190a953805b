import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistrySnapshot } from '@borderledger/entry-validation';
import type { SubmissionValidator } from './submission-validator';
import { WorkerSubmissionValidator } from './worker-submission-validator';

// A stand-in worker script speaking the real protocol (plain JS: a worker thread does not go
// through ts-jest). It rejects every record with the value's text as the reason, so the test sees
// which values reached which worker; the value "die" makes it exit mid-batch; "registry?" answers
// with the number of participants it was sent.
const WORKER = `
const { parentPort } = require('node:worker_threads');
let participants = -1;
parentPort.on('message', (req) => {
  if (req.registry) participants = req.registry.contents.participants.length;
  const texts = [];
  let start = 0;
  for (const end of req.ends) { texts.push(Buffer.from(req.blob.buffer, req.blob.byteOffset + start, end - start).toString()); start = end; }
  if (texts.includes('die')) process.exit(7);
  const verdicts = texts.map((t) => ({ ok: false, rejection: { code: 'malformed-submission', reason: t === 'registry?' ? String(participants) : t } }));
  parentPort.postMessage({ id: req.id, verdicts, entries: new Uint8Array(0), hashes: new Uint8Array(0) });
});
`;

const script = join(mkdtempSync(join(tmpdir(), 'bl-validation-worker-')), 'worker.js');
writeFileSync(script, WORKER);

const registry = createRegistrySnapshot({ participants: [{ id: 'skyfreight', roles: ['carrier'], status: 'active' }], keys: [] });
const inline: SubmissionValidator = { judgeAll: async () => [], close: async () => undefined };
const reasons = (verdicts: Awaited<ReturnType<SubmissionValidator['judgeAll']>>) => verdicts.map((v) => (v.ok ? 'accept' : v.rejection.reason));
const values = (...texts: string[]) => texts.map((t) => Buffer.from(t));

describe('WorkerSubmissionValidator', () => {
  let validator: WorkerSubmissionValidator;
  afterEach(() => validator.close());

  it('splits a batch over its workers and answers in record order', async () => {
    validator = new WorkerSubmissionValidator(script, 2, {}, inline);
    expect(reasons(await validator.judgeAll(values('a', 'b', 'c', 'd', 'e'), registry, new Date()))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('sends the registry once, and again when it changes', async () => {
    validator = new WorkerSubmissionValidator(script, 1, {}, inline);
    expect(reasons(await validator.judgeAll(values('registry?'), registry, new Date()))).toEqual(['1']);
    expect(reasons(await validator.judgeAll(values('registry?'), registry, new Date()))).toEqual(['1']);
    const grown = createRegistrySnapshot({ participants: [...(registry.contents?.participants ?? []), { id: 'portlogix', roles: ['logistics'], status: 'active' }], keys: [] });
    expect(reasons(await validator.judgeAll(values('registry?'), grown, new Date()))).toEqual(['2']);
  });

  it('fails the batch a dying worker held, then judges the next batch on a new worker that is sent the registry', async () => {
    validator = new WorkerSubmissionValidator(script, 1, {}, inline);
    await validator.judgeAll(values('warm-up'), registry, new Date());
    await expect(validator.judgeAll(values('x', 'die'), registry, new Date())).rejects.toThrow(/validation worker exited with code 7/);
    expect(reasons(await validator.judgeAll(values('registry?', 'y'), registry, new Date()))).toEqual(['1', 'y']);
  });

  it('judges inline a registry that is not plain lists (it cannot be sent to a worker)', async () => {
    validator = new WorkerSubmissionValidator(script, 1, {}, { judgeAll: async (v) => v.map(() => ({ ok: false, rejection: { code: 'unknown-submitter', reason: 'inline' } })), close: async () => undefined });
    const custom = { participant: () => undefined, key: () => undefined };
    expect(reasons(await validator.judgeAll(values('a'), custom, new Date()))).toEqual(['inline']);
  });
});
