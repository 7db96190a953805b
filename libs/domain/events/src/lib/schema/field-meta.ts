import * as z from 'zod';

/**
 * Data clusters (seed II.e/II.f) the policy service filters on. The brief's five clusters plus
 * two structural ones: `references` (identifiers that link a consignment's events; every reader
 * needs them to build a timeline) and `governance` (network metadata, not consignment data).
 */
export const DATA_CLUSTERS = [
  'parties',
  'goods',
  'transport',
  'financial',
  'customs-results',
  'references',
  'governance',
] as const;
export type DataCluster = (typeof DATA_CLUSTERS)[number];

/** Clusters that hold personal data (GDPR): parties only. */
export const PERSONAL_DATA_CLUSTERS: readonly DataCluster[] = ['parties'];

export interface FieldMeta {
  /** What the field means, for docs, JSON Schema and OpenAPI. */
  description: string;
  /** Data cluster; inherited from the nearest ancestor when a leaf does not set one. */
  cluster?: DataCluster;
  /** WCO Data Model class/attribute path, when one corresponds. */
  wco?: string;
  /** EU ICS2 ENS data class/element, when one corresponds. */
  ics2?: string;
  /** Human label of the value domain ("ISO 3166-1 alpha-2 code"), shown in docs. */
  typeLabel?: string;
}

/** Registry for field metadata; zod's global registry is left alone so other code cannot collide. */
export const fieldMetaRegistry = z.registry<FieldMeta>();

/**
 * Attaches metadata to a copy of `schema` (registries key by instance, and shared primitives are
 * reused under different names), merged over the primitive's own metadata (its typeLabel).
 */
export function field<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  const base = fieldMetaRegistry.get(schema);
  const copy = schema.clone() as T;
  fieldMetaRegistry.add(copy, { ...base, ...meta });
  return copy;
}

export function fieldMeta(schema: z.core.$ZodType): FieldMeta | undefined {
  return fieldMetaRegistry.get(schema);
}
