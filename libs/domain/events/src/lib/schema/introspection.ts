// The only place that reads zod internals (`_zod.def`): payload schemas are restricted to a
// small subset (strict objects, bounded arrays of objects or scalars, optional, scalars) so
// that every payload maps to a fixed, finite list of leaf slots. Anything else is rejected at
// load time instead of producing an ambiguous commitment.
import type * as z from 'zod';
import type { DataCluster, FieldMeta } from './field-meta';
import { fieldMeta } from './field-meta';

export type ScalarKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum';

export interface FieldNode {
  /** Template path with `[]` for array items, e.g. `goods[].hsCode`. */
  readonly template: string;
  readonly kind: 'object' | 'array' | ScalarKind;
  /** False when the field may be omitted (relative to its parent). */
  readonly required: boolean;
  /** True when the field or one of its ancestors may be omitted. */
  readonly omittable: boolean;
  readonly meta: FieldMeta | undefined;
  /** Resolved cluster: own or nearest ancestor's. */
  readonly cluster: DataCluster | undefined;
  /** Unwrapped zod schema of the field (without `.optional()`). */
  readonly schema: z.ZodType;
  /** For arrays: item count bounds. For strings: length bounds. */
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly enumValues?: readonly string[];
  readonly children: readonly FieldNode[];
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  entries?: Record<string, string>;
  checks?: Array<{ _zod: { def: { check: string; minimum?: number; maximum?: number; format?: string } } }>;
  catchall?: z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function checkValue(def: Def, check: string, key: 'minimum' | 'maximum'): number | undefined {
  const found = def.checks?.find((c) => c._zod.def.check === check);
  return found?._zod.def[key];
}

function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean } {
  let inner = schema;
  let optional = false;
  for (;;) {
    const def = defOf(inner);
    if (def.type === 'optional' && def.innerType) {
      optional = true;
      inner = def.innerType;
    } else {
      return { inner, optional };
    }
  }
}

function joinTemplate(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function buildNode(
  schema: z.ZodType,
  template: string,
  required: boolean,
  parentOmittable: boolean,
  parentCluster: DataCluster | undefined,
): FieldNode {
  const { inner, optional } = unwrap(schema);
  const isRequired = required && !optional;
  const meta = fieldMeta(inner) ?? fieldMeta(schema);
  const cluster = meta?.cluster ?? parentCluster;
  const omittable = parentOmittable || !isRequired;
  const def = defOf(inner);
  const at = template === '' ? '(root)' : template;
  switch (def.type) {
    case 'object': {
      if (!def.catchall || defOf(def.catchall).type !== 'never') {
        throw new TypeError(`${at}: objects must be strict (no catchall)`);
      }
      // Keys sorted like JCS so a source reorder can never change the commitment layout.
      const keys = Object.keys(def.shape ?? {}).sort();
      const children = keys.map((key) =>
        buildNode((def.shape as Record<string, z.ZodType>)[key], joinTemplate(template, key), true, omittable, cluster),
      );
      if (template !== '' && !children.some((c) => c.required)) {
        // `{}` and "absent" would commit identically; require one field so they cannot both exist.
        throw new TypeError(`${at}: an object field needs at least one required member`);
      }
      return { template, kind: 'object', required: isRequired, omittable, meta, cluster, schema: inner, children };
    }
    case 'array': {
      const minItems = checkValue(def, 'min_length', 'minimum');
      const maxItems = checkValue(def, 'max_length', 'maximum');
      if (maxItems === undefined) throw new TypeError(`${at}: arrays need a maximum length (commitments pad to it)`);
      if (minItems === undefined || minItems < 1) {
        throw new TypeError(`${at}: arrays need at least one item ([] and absent would commit identically)`);
      }
      const item = buildNode(def.element as z.ZodType, `${template}[]`, true, omittable, cluster);
      if (item.kind === 'array') throw new TypeError(`${at}: arrays of arrays are not supported`);
      return { template, kind: 'array', required: isRequired, omittable, meta, cluster, schema: inner, minItems, maxItems, children: [item] };
    }
    case 'string':
      return { template, kind: 'string', required: isRequired, omittable, meta, cluster, schema: inner, children: [] };
    case 'number': {
      const isInt = def.checks?.some((c) => c._zod.def.format === 'safeint') || (def as { format?: string }).format === 'safeint';
      return { template, kind: isInt ? 'integer' : 'number', required: isRequired, omittable, meta, cluster, schema: inner, children: [] };
    }
    case 'boolean':
      return { template, kind: 'boolean', required: isRequired, omittable, meta, cluster, schema: inner, children: [] };
    case 'enum':
      return {
        template,
        kind: 'enum',
        required: isRequired,
        omittable,
        meta,
        cluster,
        schema: inner,
        enumValues: Object.values(def.entries ?? {}),
        children: [],
      };
    default:
      throw new TypeError(`${at}: zod type "${def.type}" is not allowed in event payloads`);
  }
}

/** The field tree of a payload schema (root node is the payload object itself). */
export function describeSchema(schema: z.ZodType): FieldNode {
  return buildNode(schema, '', true, false, undefined);
}

/** All nodes depth-first (root excluded), parents before children. */
export function flattenFields(root: FieldNode): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (node: FieldNode) => {
    for (const child of node.children) {
      out.push(child);
      visit(child);
    }
  };
  visit(root);
  return out;
}
