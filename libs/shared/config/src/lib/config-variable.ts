import type { z } from 'zod';

/**
 * One environment variable a service reads: its parser, what it is for, and whether its value
 * is a secret. Sensitive values never appear in error messages or in logged configuration.
 */
export interface ConfigVariable<T = unknown> {
  readonly schema: z.ZodType<T>;
  readonly description: string;
  readonly sensitive?: boolean;
}

export type ConfigSpec = Record<string, ConfigVariable>;

export type ConfigOf<S extends ConfigSpec> = {
  readonly [K in keyof S]: S[K] extends ConfigVariable<infer T> ? T : never;
};

export function variable<T>(schema: z.ZodType<T>, description: string, options: { sensitive?: boolean } = {}): ConfigVariable<T> {
  return { schema, description, sensitive: options.sensitive ?? false };
}
