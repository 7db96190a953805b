import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64Decode, base64Encode } from '@borderledger/merkle-log';
import { FixtureLog } from '@borderledger/verifier';
import { runCli } from './cli';

function io(stdin = '', env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), readStdin: async () => stdin, env, now: () => 1_795_000_100 },
  };
}

describe('verifier CLI (offline commands)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-verify-'));
  const log = new FixtureLog();
  log.appendEvents(12);
  const trustPath = join(dir, 'trust.json');
  writeFileSync(trustPath, JSON.stringify(log.trustFile()));
  let bundleText: string;

  beforeAll(async () => {
    bundleText = JSON.stringify(await log.bundle([2, 9], { range: { from: 3, to: 10 } }));
  });

  it('bundle: exit 0 and a report of every check, from stdin', async () => {
    const t = io(bundleText);
    expect(await runCli(['bundle', '-', '--trust', trustPath], t.io)).toBe(0);
    const text = t.out.join('');
    expect(text).toMatch(/^Verifying proof bundle \(2 entries, range 3\.\.9, checkpoint size 12\)/);
    expect(text).toMatch(/ok {3}entry\[9\]\.inclusion/);
    expect(text).toMatch(/VERIFIED: \d+ checks passed/);
  });

  it('bundle: exit 1 naming what failed when an entry was tampered with; "verify" as first word is accepted', async () => {
    const tampered = JSON.parse(bundleText);
    tampered.entries[1].inclusionProof[0] = base64Encode(base64Decode(tampered.entries[1].inclusionProof[0]).map((b: number, i: number) => (i === 0 ? b ^ 1 : b)));
    const path = join(dir, 'tampered.json');
    writeFileSync(path, JSON.stringify(tampered));
    const t = io();
    expect(await runCli(['verify', 'bundle', path, '--trust', trustPath], t.io)).toBe(1);
    expect(t.out.join('')).toMatch(/NOT VERIFIED: 1 of \d+ checks failed; first: entry\[9\]\.inclusion: .*does not lead to the checkpoint root/);
  });

  it('bundle without --trust uses the bundle keys and says so; --json prints the report', async () => {
    const t = io(bundleText);
    expect(await runCli(['bundle', '-', '--json'], t.io)).toBe(0);
    const report = JSON.parse(t.out.join(''));
    expect(report.ok).toBe(true);
    expect(report.notes.join(' ')).toMatch(/keys taken from the bundle itself/);
  });

  it('range: only the range against the checkpoint', async () => {
    const t = io(bundleText);
    expect(await runCli(['range', '-', '--trust', trustPath], t.io)).toBe(0);
    expect(t.out.join('')).toMatch(/range\[3\.\.10\)\.root/);
    expect(t.out.join('')).not.toMatch(/entry\[9\]\.inclusion/);
  });

  it('entry: the ledger’s /v1/events answer verifies as it is; a separate checkpoint file works too', async () => {
    const answer = {
      index: 5,
      eventId: log.envelopes[5].eventId,
      envelope: log.envelopes[5],
      inclusionProof: { treeSize: 12, leafIndex: 5, hashes: await log.inclusionProof(5) },
      checkpoint: log.checkpoint(),
    };
    const t = io(JSON.stringify(answer));
    expect(await runCli(['entry', '-', '--trust', trustPath], t.io)).toBe(0);

    const cpPath = join(dir, 'checkpoint.txt');
    writeFileSync(cpPath, log.checkpoint());
    const plain = { index: 5, envelope: log.envelopes[5], inclusionProof: await log.inclusionProof(5) };
    const t2 = io(JSON.stringify({ ...plain, index: 4 }));
    expect(await runCli(['entry', '-', '--checkpoint', cpPath, '--trust', trustPath], t2.io)).toBe(1);
    expect(t2.out.join('')).toMatch(/first: entry\[4\]\.inclusion/);
  });

  it('finality: the quorum from the trust file or the command line', async () => {
    const cp = log.checkpoint(12, ['shopwave.witness', 'skyfreight.witness']);
    const t = io(cp);
    expect(await runCli(['finality', '-', '--trust', trustPath], t.io)).toBe(1);
    expect(t.out.join('')).toMatch(/missing required witness\(es\): customs-nl\.witness/);
    const t2 = io(cp);
    expect(await runCli(['finality', '-', '--trust', trustPath, '--threshold', '2'], t2.io)).toBe(0);
  });

  it('exit 2 with a clear message for unusable input', async () => {
    const notJson = io('{');
    expect(await runCli(['bundle', '-'], notJson.io)).toBe(2);
    expect(notJson.err.join('')).toMatch(/not JSON/);
    const notBundle = io('{"format":"x"}');
    expect(await runCli(['bundle', '-'], notBundle.io)).toBe(2);
    expect(notBundle.err.join('')).toMatch(/not a proof bundle: format is "x", expected "borderledger\/proof-bundle\/v1"/);
    const unknown = io();
    expect(await runCli(['frobnicate'], unknown.io)).toBe(2);
    expect(unknown.err.join('')).toMatch(/unknown command "frobnicate"/);
    const missing = io();
    expect(await runCli(['bundle', join(dir, 'nope.json')], missing.io)).toBe(2);
    expect(missing.err.join('')).toMatch(/ENOENT/);
    const noTrust = io(log.checkpoint());
    expect(await runCli(['finality', '-'], noTrust.io)).toBe(2);
    const help = io();
    expect(await runCli(['--help'], help.io)).toBe(0);
    expect(help.out.join('')).toMatch(/^usage: npx tsx scripts\/verify\.ts/);
    expect(readFileSync(trustPath, 'utf8')).toContain('borderledger/trust/v1');
  });
});
