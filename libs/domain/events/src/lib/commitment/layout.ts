// The leaf layout of a payload commitment: a pure function of (event type, schema version).
// Every scalar position of the schema is a slot, arrays are expanded to their maximum length,
// so the number of leaves — and the index of every path — is the same for all events of one
// version. A disclosure therefore reveals neither which optional fields an event had nor how
// many goods lines it carried, and a verifier needs nothing but the type and version.
import type { EventType } from '../catalogue/catalogue';
import { getPayloadSchema } from '../catalogue/catalogue';
import type { DataCluster } from '../schema/field-meta';
import type { FieldNode } from '../schema/introspection';
import { describeSchema } from '../schema/introspection';
import type { PathSegment } from '../validation/validation';
import { formatPath } from '../validation/validation';

export interface LeafSlot {
  readonly index: number;
  /** Concrete path, `goods[3].hsCode`. */
  readonly path: string;
  readonly segments: readonly PathSegment[];
  /** The schema field this slot instantiates (template path `goods[].hsCode`). */
  readonly field: FieldNode;
  /** Whether a valid payload may leave this slot empty (optional field or spare array slot). */
  readonly absentAllowed: boolean;
}

export interface PayloadLayout {
  readonly eventType: EventType;
  readonly schemaVersion: number;
  readonly root: FieldNode;
  readonly slots: readonly LeafSlot[];
  readonly indexByPath: ReadonlyMap<string, number>;
}

const cache = new Map<string, PayloadLayout>();

function expand(node: FieldNode, segments: PathSegment[], absentAllowed: boolean, out: LeafSlot[]): void {
  const here = absentAllowed || !node.required;
  if (node.kind === 'object') {
    for (const child of node.children) expand(child, [...segments, lastKey(child.template)], here, out);
    return;
  }
  if (node.kind === 'array') {
    const item = node.children[0];
    const max = node.maxItems ?? 0;
    const min = node.minItems ?? 0;
    for (let i = 0; i < max; i++) expand(item, [...segments, i], here || i >= min, out);
    return;
  }
  out.push({ index: out.length, path: formatPath(segments), segments, field: node, absentAllowed: here });
}

function lastKey(template: string): string {
  const dot = template.lastIndexOf('.');
  return dot < 0 ? template : template.slice(dot + 1);
}

export function getPayloadLayout(eventType: EventType, schemaVersion: number): PayloadLayout | undefined {
  const key = `${eventType}@${schemaVersion}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const schema = getPayloadSchema(eventType, schemaVersion);
  if (!schema) return undefined;
  const root = describeSchema(schema);
  const slots: LeafSlot[] = [];
  for (const child of root.children) expand(child, [lastKey(child.template)], false, slots);
  const layout: PayloadLayout = {
    eventType,
    schemaVersion,
    root,
    slots,
    indexByPath: new Map(slots.map((s) => [s.path, s.index])),
  };
  cache.set(key, layout);
  return layout;
}

/**
 * Data cluster of a concrete payload path (`goods[3].unitValue` → `financial`), or undefined for
 * a path the (type, version) does not have. The policy service filters disclosures with it.
 */
export function fieldCluster(eventType: EventType, schemaVersion: number, path: string): DataCluster | undefined {
  const layout = getPayloadLayout(eventType, schemaVersion);
  const index = layout?.indexByPath.get(path);
  return index === undefined ? undefined : layout?.slots[index].field.cluster;
}

/** Reads the value at a slot; undefined when the field (or an enclosing array item) is absent. */
export function readSlot(payload: unknown, segments: readonly PathSegment[]): unknown {
  let current: unknown = payload;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return undefined;
      current = current[segment];
    } else {
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/**
 * Parses a disclosure selector: a path (`goods[2].hsCode`), a prefix (`seller`, `goods[0]`)
 * or a wildcard over array items (`goods[*].hsCode`).
 */
export function parseSelector(selector: string): Array<string | number | '*'> | undefined {
  const out: Array<string | number | '*'> = [];
  // Sticky: each token must start where the previous ended; `^` only matches at index 0.
  const token = /(?:^|\.)([A-Za-z][A-Za-z0-9]*)|\[(0|[1-9][0-9]*|\*)\]/y;
  while (token.lastIndex < selector.length) {
    const start = token.lastIndex;
    const m = token.exec(selector);
    if (!m) return undefined;
    if (m[1] !== undefined) {
      if (start === 0 && selector.startsWith('.')) return undefined;
      out.push(m[1]);
    } else {
      if (start === 0) return undefined;
      out.push(m[2] === '*' ? '*' : Number(m[2]));
    }
  }
  return out.length > 0 ? out : undefined;
}

export function selectorMatches(selector: ReadonlyArray<string | number | '*'>, slot: LeafSlot): boolean {
  if (selector.length > slot.segments.length) return false;
  for (let i = 0; i < selector.length; i++) {
    const s = selector[i];
    const v = slot.segments[i];
    if (s === '*') {
      if (typeof v !== 'number') return false;
    } else if (s !== v) {
      return false;
    }
  }
  return true;
}
