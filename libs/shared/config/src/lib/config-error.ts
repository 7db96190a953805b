export interface ConfigProblem {
  /** The environment variable, e.g. `KAFKA_BROKERS`. */
  readonly key: string;
  /** What rule the value broke, in words an operator can act on. */
  readonly rule: string;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';

  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.key}: ${p.rule}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
