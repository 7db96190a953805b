// Schema-driven fast-check arbitraries for the catalogue (test code only: fast-check is a
// dev dependency, so this file is excluded from the library build).
import * as fc from 'fast-check';
import type * as z from 'zod';
import type { EventType } from '../catalogue/catalogue';
import { getPayloadSchema } from '../catalogue/catalogue';
import type { LeafSlot } from '../commitment/layout';
import { getPayloadLayout, readSlot } from '../commitment/layout';
import type { FieldNode } from '../schema/introspection';
import { describeSchema } from '../schema/introspection';
import { TEXT_PATTERN } from '../schema/primitives';
import type { PathSegment, ValidationRule } from '../validation/validation';

interface CheckDef {
  check: string;
  value?: number;
  minimum?: number;
  maximum?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}

function checksOf(schema: z.ZodType): CheckDef[] {
  const def = (schema as unknown as { _zod: { def: CheckDef & { checks?: Array<{ _zod: { def: CheckDef } }> } } })._zod.def;
  // String formats such as z.iso.datetime() are checks on the schema's own def.
  const own = def.check ? [def] : [];
  return [...own, ...(def.checks ?? []).map((c) => c._zod.def)];
}

function leafArbitrary(node: FieldNode): fc.Arbitrary<unknown> {
  const schema = node.schema;
  const valid = (v: unknown) => schema.safeParse(v).success;
  const checks = checksOf(schema);
  switch (node.kind) {
    case 'enum':
      return fc.constantFrom(...(node.enumValues ?? []));
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = checks.find((c) => c.check === 'greater_than')?.value ?? 0;
      const max = checks.find((c) => c.check === 'less_than')?.value ?? 1_000_000;
      return fc.integer({ min, max });
    }
    case 'number': {
      const lower = checks.find((c) => c.check === 'greater_than');
      const max = checks.find((c) => c.check === 'less_than')?.value ?? 1_000_000;
      return fc
        .double({ min: lower?.value ?? 0, max, noNaN: true, noDefaultInfinity: true })
        .map((v) => (Object.is(v, -0) ? 0 : v))
        .filter(valid);
    }
    case 'string': {
      const maxLength = checks.find((c) => c.check === 'max_length')?.maximum ?? 70;
      const format = checks.find((c) => c.check === 'string_format');
      if (format?.format === 'datetime') {
        return fc
          .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
          .map((d) => d.toISOString());
      }
      if (format?.pattern && format.pattern.source !== TEXT_PATTERN.source) {
        return fc.stringMatching(format.pattern).filter(valid);
      }
      return fc.string({ minLength: 1, maxLength: Math.min(maxLength, 40), unit: 'grapheme' }).filter(valid);
    }
    default:
      throw new Error(`no arbitrary for ${node.kind}`);
  }
}

export interface ArbitraryOptions {
  /** Cap on generated array lengths (speed); capacity is still respected. */
  readonly maxArrayLength?: number;
}

function nodeArbitrary(node: FieldNode, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  if (node.kind === 'object') {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const child of node.children) {
      const key = child.template.slice(child.template.lastIndexOf('.') + 1);
      model[key] = nodeArbitrary(child, options);
      if (child.required) required.push(key);
    }
    return fc.record(model, { requiredKeys: required });
  }
  if (node.kind === 'array') {
    return fc.array(nodeArbitrary(node.children[0], options), {
      minLength: node.minItems ?? 0,
      maxLength: Math.min(node.maxItems ?? 4, options.maxArrayLength ?? 4),
    });
  }
  return leafArbitrary(node);
}

/** Cross-field rules the generic generator cannot know about. */
const FIXUPS: Partial<Record<EventType, (payload: Record<string, unknown>) => Record<string, unknown>>> = {
  'governance.quorum.changed': (p) => {
    const witnesses = [...new Set(p['witnesses'] as string[])];
    return { ...p, witnesses, threshold: Math.min(p['threshold'] as number, witnesses.length) };
  },
};

/** Valid payloads of a (type, version), generated from the schema itself. */
export function validPayloadArbitrary(type: EventType, schemaVersion = 1, options: ArbitraryOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  const schema = getPayloadSchema(type, schemaVersion);
  if (!schema) throw new Error(`no schema ${type}@${schemaVersion}`);
  const fixup = FIXUPS[type] ?? ((p) => p);
  return (nodeArbitrary(describeSchema(schema), options) as fc.Arbitrary<Record<string, unknown>>).map(fixup);
}

// --- Mutations --------------------------------------------------------------------------------

export interface Mutation {
  readonly payload: unknown;
  /** Path the validator must name. */
  readonly path: string;
  /** Rules acceptable for this mutation. */
  readonly rules: readonly ValidationRule[];
  readonly description: string;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function setAt(root: unknown, segments: readonly PathSegment[], update: (parent: Record<PathSegment, unknown>, key: PathSegment) => void): void {
  let cursor = root as Record<PathSegment, unknown>;
  for (let i = 0; i < segments.length - 1; i++) cursor = cursor[segments[i]] as Record<PathSegment, unknown>;
  update(cursor, segments[segments.length - 1]);
}

function wrongType(node: FieldNode): unknown {
  return node.kind === 'string' || node.kind === 'enum' ? 12345 : node.kind === 'boolean' ? 'true' : 'not-a-number';
}

function outOfDomain(node: FieldNode): { value: unknown; rules: ValidationRule[] } {
  switch (node.kind) {
    case 'enum':
      return { value: 'not-in-the-list', rules: ['enum'] };
    case 'integer':
      return { value: 1.5, rules: ['type'] };
    case 'number':
      return { value: -1, rules: ['minimum', 'exclusiveMinimum'] };
    case 'boolean':
      return { value: null, rules: ['type'] };
    default:
      return { value: '', rules: ['pattern', 'minLength', 'format'] };
  }
}

/** Arbitrary invalid variants of a valid payload, each with the path and rules the validator must report. */
export function mutationArbitrary(type: EventType, payload: Record<string, unknown>, schemaVersion = 1): fc.Arbitrary<Mutation> {
  const layout = getPayloadLayout(type, schemaVersion);
  if (!layout) throw new Error('no layout');
  const present: LeafSlot[] = layout.slots.filter((s) => readSlot(payload, s.segments) !== undefined);
  const objectPaths: PathSegment[][] = [[]];
  for (const slot of present) {
    for (let i = 1; i < slot.segments.length; i++) {
      if (typeof slot.segments[i] === 'string') objectPaths.push(slot.segments.slice(0, i) as PathSegment[]);
    }
  }
  const slotMutation = fc.constantFrom(...present).chain((slot) => {
    const node = slot.field;
    const options: fc.Arbitrary<Mutation>[] = [
      fc.constant(mutate(payload, slot, wrongType(node), node.kind === 'enum' ? ['type', 'enum'] : ['type'], 'wrong type')),
      fc.constant(mutate(payload, slot, outOfDomain(node).value, outOfDomain(node).rules, 'out of domain')),
    ];
    const last = slot.segments[slot.segments.length - 1];
    if (node.required && typeof last === 'string') {
      const copy = clone(payload);
      setAt(copy, slot.segments, (parent, key) => delete parent[key]);
      options.push(fc.constant({ payload: copy, path: slot.path, rules: ['required'] as ValidationRule[], description: 'required field removed' }));
    }
    return fc.oneof(...options);
  });
  const unknownField = fc.constantFrom(...objectPaths).map((segments): Mutation => {
    const copy = clone(payload);
    const target = segments.reduce<Record<PathSegment, unknown>>((o, s) => o[s] as Record<PathSegment, unknown>, copy as Record<PathSegment, unknown>);
    target['zzUnknown'] = 'x';
    const path = [...segments, 'zzUnknown'];
    return {
      payload: copy,
      path: path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join(''),
      rules: ['unknown-field'],
      description: 'unknown field added',
    };
  });
  return fc.oneof({ weight: 4, arbitrary: slotMutation }, { weight: 1, arbitrary: unknownField });
}

function mutate(payload: unknown, slot: LeafSlot, value: unknown, rules: ValidationRule[], description: string): Mutation {
  const copy = clone(payload);
  setAt(copy, slot.segments, (parent, key) => {
    parent[key] = value;
  });
  return { payload: copy, path: slot.path, rules, description };
}
