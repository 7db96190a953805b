// The quorum that makes a checkpoint final, as governance sets it: the newest committed
// `governance.quorum.changed` whose effectiveFrom has passed names the witnessing participants
// and the threshold. Configuration supplies what an event cannot carry — each witness's key and
// URL (WITNESS_KEYS, WITNESS_URLS) — and the quorum until governance has spoken.
import type { FinalityPolicy } from '@borderledger/merkle-log';

/** The payload of governance.quorum.changed v1, as committed. */
export interface QuorumChange {
  readonly threshold: number;
  /** Participant ids whose node witnesses. */
  readonly witnesses: readonly string[];
  readonly effectiveFrom: string;
  /** Ledger index of the event (the newest change wins, not the latest effectiveFrom). */
  readonly index: number;
}

export interface QuorumInEffect {
  readonly policy: FinalityPolicy | undefined;
  /** Where the quorum comes from, for answers and logs. */
  readonly source: string;
}

/** Where the read API asks which quorum makes a checkpoint final. */
export interface QuorumSource {
  at(now: Date): QuorumInEffect;
}

/** A quorum that never changes (tests, tools). */
export function fixedQuorum(policy: FinalityPolicy | undefined, source = 'configuration'): QuorumSource {
  return { at: () => ({ policy, source }) };
}

export const QUORUM_CHANGED = 'governance.quorum.changed';

/** The quorum changes among committed entries (their openings hold the payload). */
export function quorumChangesIn(entries: readonly { index: number; eventType: string; opening: unknown }[]): QuorumChange[] {
  return entries
    .filter((e) => e.eventType === QUORUM_CHANGED)
    .map((e) => {
      // Validated against the catalogue before it was committed.
      const { threshold, witnesses, effectiveFrom } = (e.opening as { payload: Omit<QuorumChange, 'index'> }).payload;
      return { threshold, witnesses, effectiveFrom, index: e.index };
    });
}

/** The quorum changes in a batch just committed (openings as JSON text, parsed for those only). */
export function quorumChangesInCommitted(entries: readonly { index: number; eventType: string; openingJson: string }[]): QuorumChange[] {
  return quorumChangesIn(entries.filter((e) => e.eventType === QUORUM_CHANGED).map((e) => ({ ...e, opening: JSON.parse(e.openingJson) as unknown })));
}

/** A witness key named `<participant>` or `<participant>.<anything>` belongs to that participant. */
const belongsTo = (witnessName: string, participant: string) => witnessName === participant || witnessName.startsWith(`${participant}.`);

export class GovernedQuorum implements QuorumSource {
  private changes: QuorumChange[] = [];
  private readonly reported = new Set<number>();

  /**
   * @param configured the quorum from configuration (all configured witnesses), or undefined when
   *   no witness key is configured
   * @param requiredByConfig LEDGER_QUORUM_REQUIRED; empty means "the customs witnesses"
   */
  constructor(
    private readonly configured: FinalityPolicy | undefined,
    private readonly requiredByConfig: readonly string[],
    private readonly onIgnored: (change: QuorumChange, reason: string) => void = () => undefined,
  ) {}

  /** Records committed changes (boot: the newest few from the database; then each commit). */
  observe(changes: readonly QuorumChange[]): void {
    this.changes = [...this.changes, ...changes].sort((a, b) => a.index - b.index).slice(-16);
  }

  /** The quorum in effect at `now`: the newest change already effective that can be met. */
  at(now: Date): QuorumInEffect {
    const configured = { policy: this.configured, source: 'configuration (LEDGER_QUORUM_*)' };
    if (!this.configured) return configured;
    for (const change of [...this.changes].reverse()) {
      if (Date.parse(change.effectiveFrom) > now.getTime()) continue;
      const policy = this.apply(this.configured, change);
      if (typeof policy === 'string') {
        if (!this.reported.has(change.index)) this.onIgnored(change, policy);
        this.reported.add(change.index);
        continue;
      }
      return { policy, source: `governance.quorum.changed at ledger index ${change.index}, effective from ${change.effectiveFrom}` };
    }
    return configured;
  }

  private apply(base: FinalityPolicy, change: QuorumChange): FinalityPolicy | string {
    const missing = change.witnesses.filter((p) => !base.witnesses.some((w) => belongsTo(w.name, p)));
    if (missing.length > 0) return `no witness key is configured for ${missing.join(', ')} (WITNESS_KEYS)`;
    const witnesses = base.witnesses.filter((w) => change.witnesses.some((p) => belongsTo(w.name, p)));
    if (change.threshold > witnesses.length) return `threshold ${change.threshold} exceeds the ${witnesses.length} witnesses named`;
    const candidates = this.requiredByConfig.length > 0 ? this.requiredByConfig : witnesses.map((w) => w.name).filter((n) => n.startsWith('customs'));
    const required = candidates.filter((name) => witnesses.some((w) => w.name === name));
    if (required.length === 0) return 'it names no customs witness (the quorum always includes customs)';
    return { logVerifiers: base.logVerifiers, witnesses, threshold: change.threshold, required };
  }
}
