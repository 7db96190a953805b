/**
 * A verification report: every check that ran, in order, each passed or failed with a sentence
 * saying what was compared. Reports are data (the CLI prints them, the browser renders them).
 */
export interface VerificationCheck {
  /** Stable id of what was checked, e.g. `checkpoint.log-signature`, `entry[41].inclusion`. */
  readonly id: string;
  readonly ok: boolean;
  readonly message: string;
}

export interface VerificationReport {
  readonly ok: boolean;
  /** What was verified, e.g. `proof bundle (3 entries, checkpoint 1204)`. */
  readonly subject: string;
  readonly checks: readonly VerificationCheck[];
  /** The first failed check, the one to act on. */
  readonly firstFailure?: VerificationCheck;
  /** Things a reader should know that are not failures (e.g. keys taken from the bundle). */
  readonly notes: readonly string[];
}

export class ReportBuilder {
  private readonly checks: VerificationCheck[] = [];
  private readonly notes: string[] = [];

  constructor(private readonly subject: string) {}

  pass(id: string, message: string): true {
    this.checks.push({ id, ok: true, message });
    return true;
  }

  fail(id: string, message: string): false {
    this.checks.push({ id, ok: false, message });
    return false;
  }

  check(id: string, ok: boolean, passMessage: string, failMessage: string): boolean {
    return ok ? this.pass(id, passMessage) : this.fail(id, failMessage);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  merge(report: VerificationReport): boolean {
    this.checks.push(...report.checks);
    this.notes.push(...report.notes);
    return report.ok;
  }

  build(subject = this.subject): VerificationReport {
    const firstFailure = this.checks.find((c) => !c.ok);
    const ok = this.checks.length > 0 && !firstFailure;
    return firstFailure ? { ok, subject, checks: this.checks.slice(), firstFailure, notes: this.notes.slice() } : { ok, subject, checks: this.checks.slice(), notes: this.notes.slice() };
  }
}

/** Plain-text rendering: one line per check, the verdict and the first failure last. */
export function formatReport(report: VerificationReport): string {
  const lines = [`Verifying ${report.subject}`];
  for (const c of report.checks) lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.id}: ${c.message}`);
  for (const n of report.notes) lines.push(`  note ${n}`);
  lines.push(
    report.ok
      ? `VERIFIED: ${report.checks.length} checks passed`
      : report.firstFailure
        ? `NOT VERIFIED: ${report.checks.filter((c) => !c.ok).length} of ${report.checks.length} checks failed; first: ${report.firstFailure.id}: ${report.firstFailure.message}`
        : 'NOT VERIFIED: nothing was checked',
  );
  return lines.join('\n') + '\n';
}
