// The configured witnesses and the quorum that makes a checkpoint final until governance sets
// another (governed-quorum.ts): WITNESS_KEYS, WITNESS_URLS, LEDGER_QUORUM_*.
import {
  type CosignatureVerifier,
  type FinalityPolicy,
  type NoteVerifier,
  cosignatureVerifierFromKey,
  parseNote,
  utf8Encode,
} from '@borderledger/merkle-log';

export interface WitnessEndpoint {
  readonly name: string;
  /** Base URL; the add-checkpoint endpoint is `${url}/add-checkpoint`. */
  readonly url: string;
  readonly verifier: CosignatureVerifier;
}

export interface WitnessSetup {
  readonly endpoints: readonly WitnessEndpoint[];
  /** Undefined when no witness is configured: nothing can become final. */
  readonly policy: FinalityPolicy | undefined;
}

export class WitnessConfigError extends Error {
  override readonly name = 'WitnessConfigError';
}

export function buildWitnessSetup(input: {
  readonly logVerifier: NoteVerifier;
  readonly keys: readonly string[];
  readonly urls: readonly { name: string; url: string }[];
  readonly threshold: number;
  readonly required: readonly string[];
}): WitnessSetup {
  const verifiers = input.keys.map((k) => cosignatureVerifierFromKey(k));
  const byName = new Map(verifiers.map((v) => [v.name, v]));
  if (byName.size !== verifiers.length) throw new WitnessConfigError('WITNESS_KEYS names a witness twice');
  const endpoints = input.urls.map(({ name, url }) => {
    const verifier = byName.get(name);
    if (!verifier) throw new WitnessConfigError(`WITNESS_URLS names ${name}, which has no key in WITNESS_KEYS`);
    return { name, url, verifier };
  });
  if (verifiers.length === 0) return { endpoints, policy: undefined };
  const required = input.required.length > 0 ? [...input.required] : verifiers.map((v) => v.name).filter((n) => n.startsWith('customs'));
  for (const r of required) if (!byName.has(r)) throw new WitnessConfigError(`LEDGER_QUORUM_REQUIRED names ${r}, which has no key in WITNESS_KEYS`);
  if (input.threshold > verifiers.length) {
    throw new WitnessConfigError(`LEDGER_QUORUM_THRESHOLD is ${input.threshold} but only ${verifiers.length} witness keys are configured: no checkpoint could ever be final`);
  }
  return { endpoints, policy: { logVerifiers: [input.logVerifier], witnesses: verifiers, threshold: input.threshold, required } };
}

/**
 * Checks a cosignature line a witness returned for `checkpointText`: its name and key ID are
 * the witness's, and the signature verifies. Returns the timestamp, or a reason.
 */
export function verifyCosignatureLine(
  line: string,
  checkpointText: string,
  witness: CosignatureVerifier,
): { ok: true; timestamp: number; line: string } | { ok: false; reason: string } {
  let signatures;
  try {
    signatures = parseNote(`${checkpointText}\n${line.endsWith('\n') ? line : `${line}\n`}`).signatures;
  } catch (error) {
    return { ok: false, reason: `not a signature line: ${(error as Error).message}` };
  }
  const [sig] = signatures;
  if (signatures.length !== 1 || sig.name !== witness.name || sig.keyId !== witness.keyId) {
    return { ok: false, reason: `not a cosignature by ${witness.name}` };
  }
  if (!witness.verify(utf8Encode(checkpointText), sig.signature)) return { ok: false, reason: 'cosignature does not verify' };
  return { ok: true, timestamp: witness.timestampOf(sig.signature) as number, line: line.replace(/\n$/, '') };
}
