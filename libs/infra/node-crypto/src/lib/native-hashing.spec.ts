import { buildFixtureEvent, computeCommitment, envelopeLeafHash, resetSha256, useSha256 } from '@borderledger/events';
import { leafHash, nodeHash, resetLogSha256, useLogSha256 } from '@borderledger/merkle-log';
import { randomBytes } from 'node:crypto';
import { useNativeHashing } from './native-hashing';

describe('useNativeHashing', () => {
  afterEach(() => {
    resetSha256();
    resetLogSha256();
  });

  it('gives the same commitments, batch leaves and log hashes as the pure-JS default', () => {
    const order = buildFixtureEvent('buy.order.placed');
    const inputs = Array.from({ length: 50 }, (_, i) => new Uint8Array(randomBytes(i * 7)));
    const pure = {
      commitment: computeCommitment(order.opening),
      envelope: envelopeLeafHash(order.envelope),
      leaves: inputs.map(leafHash),
      nodes: inputs.slice(1).map((x, i) => nodeHash(leafHash(x), leafHash(inputs[i]))),
    };
    useNativeHashing();
    expect(computeCommitment(order.opening)).toEqual(pure.commitment);
    expect(envelopeLeafHash(order.envelope)).toEqual(pure.envelope);
    expect(inputs.map(leafHash)).toEqual(pure.leaves);
    expect(inputs.slice(1).map((x, i) => nodeHash(leafHash(x), leafHash(inputs[i])))).toEqual(pure.nodes);
  });

  it('refuses an implementation that gets the FIPS 180-2 vector wrong', () => {
    const broken = () => new Uint8Array(32);
    expect(() => useSha256(broken)).toThrow(/FIPS 180-2/);
    expect(() => useLogSha256(broken)).toThrow(/FIPS 180-2/);
  });
});
