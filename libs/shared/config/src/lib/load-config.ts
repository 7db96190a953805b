import { ConfigError, type ConfigProblem } from './config-error';
import type { ConfigOf, ConfigSpec } from './config-variable';

type Env = Record<string, string | undefined>;

/**
 * Parses every variable of the spec once, at start-up, and reports all bad keys together so an
 * operator fixes them in one go. Empty strings count as unset: shells and compose files often
 * export `VAR=` for "no value".
 */
export function loadConfig<S extends ConfigSpec>(spec: S, env: Env = process.env): ConfigOf<S> {
  const values: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  for (const [key, variable] of Object.entries(spec)) {
    const raw = env[key] === '' ? undefined : env[key];
    const parsed = variable.schema.safeParse(raw);
    if (parsed.success) {
      values[key] = parsed.data;
      continue;
    }
    const rule = parsed.error.issues.map((issue) => issue.message).join('; ');
    const shown = raw === undefined ? 'unset' : variable.sensitive ? 'value hidden' : `got "${raw}"`;
    problems.push({ key, rule: `${rule} (${shown}) — ${variable.description}` });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as ConfigOf<S>;
}

/** The configuration as it may be logged: sensitive values replaced by a marker. */
export function redactConfig<S extends ConfigSpec>(spec: S, config: ConfigOf<S>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(spec).map((key) => [key, spec[key].sensitive ? '[redacted]' : (config as Record<string, unknown>)[key]]),
  );
}

/** A Markdown table of the variables, for docs/configuration.md. */
export function describeConfig(spec: ConfigSpec): string {
  const rows = Object.entries(spec).map(
    ([key, v]) => `| \`${key}\` | ${v.description} | ${v.sensitive ? 'yes' : 'no'} |`,
  );
  return ['| variable | meaning | sensitive |', '| --- | --- | --- |', ...rows].join('\n');
}
