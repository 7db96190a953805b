// Structured description of the catalogue (for docs, the policy service and UIs) and its
// Markdown rendering, which scripts/generate-event-docs.ts writes to docs/events.md.
import type { EventProcess, EventScope, EventType } from '../catalogue/catalogue';
import { EVENT_TYPES, getEventDefinition, getPayloadSchema } from '../catalogue/catalogue';
import { getPayloadLayout } from '../commitment/layout';
import { ENVELOPE_VERSION, envelopeSchema } from '../envelope/envelope';
import type { ParticipantRole } from '../schema/codes';
import type { DataCluster } from '../schema/field-meta';
import { DATA_CLUSTERS, PERSONAL_DATA_CLUSTERS, fieldMeta } from '../schema/field-meta';
import type { FieldNode } from '../schema/introspection';
import { describeSchema, flattenFields } from '../schema/introspection';

export interface FieldDoc {
  /** Template path: `goods[].hsCode`. */
  readonly path: string;
  readonly type: string;
  /** Required whenever its parent is present. */
  readonly required: boolean;
  readonly description: string;
  readonly cluster: DataCluster | undefined;
  readonly wco: string | undefined;
  readonly ics2: string | undefined;
  /** Leaf fields are what gets committed and disclosed; objects and arrays group them. */
  readonly leaf: boolean;
}

export interface EventTypeDoc {
  readonly type: EventType;
  readonly process: EventProcess;
  readonly scope: EventScope;
  readonly summary: string;
  readonly emitterRoles: readonly ParticipantRole[];
  readonly schemaVersion: number;
  /** Leaves in the commitment layout (constant per type and version). */
  readonly commitmentLeaves: number;
  readonly fields: readonly FieldDoc[];
}

const MAX_INLINE_ENUM = 12;

function typeOf(node: FieldNode): string {
  if (node.kind === 'object') return 'object';
  if (node.kind === 'array') {
    const item = node.children[0];
    return `array of ${item.kind === 'object' ? 'object' : typeOf(item)} (${node.minItems}–${node.maxItems})`;
  }
  const label = node.meta?.typeLabel;
  if (node.kind === 'enum' && node.enumValues && node.enumValues.length <= MAX_INLINE_ENUM && (!label || label.startsWith('enum'))) {
    return node.enumValues.map((v) => `\`${v}\``).join(' \\| ');
  }
  return label ?? node.kind;
}

function fieldDoc(node: FieldNode): FieldDoc {
  return {
    path: node.template,
    type: typeOf(node),
    required: node.required,
    description: node.meta?.description ?? '',
    cluster: node.cluster,
    wco: node.meta?.wco,
    ics2: node.meta?.ics2,
    leaf: node.kind !== 'object' && node.kind !== 'array',
  };
}

export function describeEventType(type: EventType, schemaVersion?: number): EventTypeDoc {
  const definition = getEventDefinition(type);
  const version = schemaVersion ?? definition.latestSchemaVersion;
  const schema = getPayloadSchema(type, version);
  const layout = getPayloadLayout(type, version);
  if (!schema || !layout) throw new RangeError(`${type} has no schema version ${version}`);
  return {
    type,
    process: definition.process,
    scope: definition.scope,
    summary: definition.summary,
    emitterRoles: definition.emitterRoles,
    schemaVersion: version,
    commitmentLeaves: layout.slots.length,
    fields: flattenFields(describeSchema(schema)).map(fieldDoc),
  };
}

export function describeEventCatalogue(): EventTypeDoc[] {
  return EVENT_TYPES.map((t) => describeEventType(t));
}

/** Field docs of the envelope (what is on the ledger for every event). */
export function describeEnvelope(): FieldDoc[] {
  const shape = envelopeSchema.shape as Record<string, Parameters<typeof fieldMeta>[0]>;
  return Object.keys(shape).map((key) => {
    const meta = fieldMeta(shape[key]);
    return {
      path: key,
      type: meta?.typeLabel ?? 'string',
      // signature and batchSignature: exactly one of the two (the schema's refinement says so).
      required: !(shape[key] as { isOptional?: () => boolean }).isOptional?.(),
      description: meta?.description ?? '',
      cluster: undefined,
      wco: meta?.wco,
      ics2: meta?.ics2,
      leaf: true,
    };
  });
}

// --- Markdown ------------------------------------------------------------------------------

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ') || '—';
}

/** Type cells are pre-escaped by typeOf. */
function typeCell(text: string): string {
  return text.includes('\\|') ? text : cell(text);
}

function fieldTable(fields: readonly FieldDoc[], withCluster: boolean): string[] {
  const head = withCluster
    ? ['| field | type | req. | cluster | description | WCO DM | ICS2 |', '| --- | --- | --- | --- | --- | --- | --- |']
    : ['| field | type | description | WCO DM |', '| --- | --- | --- | --- |'];
  const rows = fields.map((f) =>
    withCluster
      ? `| \`${f.path}\` | ${typeCell(f.type)} | ${f.required ? 'yes' : 'no'} | ${cell(f.cluster)} | ${cell(f.description)} | ${cell(f.wco)} | ${cell(f.ics2)} |`
      : `| \`${f.path}\` | ${typeCell(f.type)} | ${cell(f.description)} | ${cell(f.wco)} |`,
  );
  return [...head, ...rows];
}

function anchor(type: string): string {
  return type.replace(/[^a-z0-9-]/g, '');
}

export function renderEventCatalogueMarkdown(): string {
  const events = describeEventCatalogue();
  const out: string[] = [];
  out.push('<!-- Generated by scripts/generate-event-docs.ts from libs/domain/events. Do not edit by hand. -->');
  out.push('');
  out.push('# Borderledger event catalogue');
  out.push('');
  out.push(
    'Every fact on the ledger is an **event**: a signed [envelope](#envelope) on the ledger plus a payload kept beside it, ' +
      'committed field by field so that a holder can disclose some fields and keep the rest hidden ' +
      '(design: [ADR 0004](decisions/0004-payload-commitments.md)). ' +
      'Import everything from `@borderledger/events`.',
  );
  out.push('');
  out.push('## Conventions');
  out.push('');
  out.push('- **Type names**: `<process>.<subject>.<past-tense-verb>`, lower case, kebab-case inside a segment; process is one of ' +
    '`buy`, `pay`, `ship` (UN/CEFACT Buy-Ship-Pay), `customs` (government decisions) and `governance` (the network itself). Examples: `buy.order.placed`, `ship.consignment.picked-up`, `customs.do-not-load.issued`.');
  out.push('- **Versions**: every type has integer schema versions, starting at 1; the envelope names the version its payload follows. ' +
    'A published version never changes. A new version may only **add optional fields** (or raise an array capacity); it never removes, renames, retypes or changes the meaning of a field. ' +
    'Anything else is a breaking change and gets a **new type name**. Frozen fingerprints in the library’s tests fail when a published version changes.');
  out.push('- **Linking**: events of one consignment share the envelope’s `consignmentRef` (WCO UCR spirit: assigned once by the first filer, an..35). ' +
    'Payloads also carry `orderId`/`orderIds` and the transport document (house or master waybill) numbers; `ship.consignment.consolidated` links a house consignment to its master consignment’s `consignmentRef`. ' +
    'Governance events are network-scoped and carry `consignmentRef: null`.');
  out.push('- **Field names** follow the WCO Data Model and EU ICS2 where one exists (consignor, consignee, transport document, active border transport means, countries of routing…); the WCO DM and ICS2 columns give the corresponding element.');
  out.push('- **Strict**: unknown fields are rejected (they would lie outside the commitment). Arrays have a fixed capacity, because commitments pad every array to it.');
  out.push('- **Validation errors** are structured: `{ path: "goods[2].hsCode", pointer: "/goods/2/hsCode", rule: "pattern", message, params }`.');
  out.push('- Amounts are decimal strings (`"12.50"`), masses are kilograms, times are RFC 3339 with seconds and an offset.');
  out.push('');
  out.push('## Data clusters');
  out.push('');
  out.push('Every field carries a machine-readable cluster (`x-borderledger-cluster` in the JSON Schema, `cluster` in `describeEventType()` and in verified disclosures); a field without its own cluster inherits its parent’s. The policy service grants access per cluster and field.');
  out.push('');
  out.push('| cluster | holds | personal data |');
  out.push('| --- | --- | --- |');
  const clusterText: Record<DataCluster, string> = {
    parties: 'names, identifiers and addresses of seller, buyer, consignor, consignee, payee, recipient',
    goods: 'descriptions, commodity codes, quantities, origin, masses and packages',
    transport: 'conveyance, route, places, delivery and return logistics',
    financial: 'values, currencies, delivery terms, payment instruments and amounts',
    'customs-results': 'risk scores, lanes, referrals, holds, releases and their explanations',
    references: 'order, payment, waybill and decision identifiers that link events into a timeline',
    governance: 'participants, keys, policies and quorum (network metadata)',
  };
  for (const c of DATA_CLUSTERS) out.push(`| \`${c}\` | ${clusterText[c]} | ${PERSONAL_DATA_CLUSTERS.includes(c) ? 'yes' : 'no'} |`);
  out.push('');
  out.push('## Event types');
  out.push('');
  out.push('| type | v | scope | emitted by | leaves | summary |');
  out.push('| --- | --- | --- | --- | --- | --- |');
  for (const e of events) {
    out.push(`| [\`${e.type}\`](#${anchor(e.type)}) | ${e.schemaVersion} | ${e.scope} | ${e.emitterRoles.join(', ')} | ${e.commitmentLeaves} | ${cell(e.summary)} |`);
  }
  out.push('');
  out.push('*leaves*: number of committed slots (every scalar position, arrays padded to capacity) — the same for every event of that type and version.');
  out.push('');
  out.push('## Envelope');
  out.push('');
  out.push(`Envelope version ${ENVELOPE_VERSION}. Every member is required except the signature, which is exactly one of \`signature\` and \`batchSignature\`; \`consignmentRef\` is null exactly for network-scoped types. ` +
    'Signed alone, `signature` is Ed25519 (RFC 8032, strict verification) over the RFC 8785 (JCS) bytes of the envelope without its signature members. ' +
    'Signed in a batch (`signEnvelopeBatch`), `batchSignature` carries the batch `size`, the envelope’s `leafIndex`, its RFC 9162 `inclusionPath` (base64url hashes, leaf upwards) and one Ed25519 `signature` shared by the batch, ' +
    'over JCS of `{ kind: "borderledger/envelope-batch/v1", submitter, keyId, size, root }` where `root` is the RFC 9162 root over the leaf hashes SHA-256(0x00 ‖ JCS(envelope without signature members)) in batch order. ' +
    'Key ids are `ed25519:` + base64url of the first 16 bytes of SHA-256 of the raw 32-byte public key.');
  out.push('');
  out.push(...fieldTable(describeEnvelope(), false));
  out.push('');
  let process: string | undefined;
  for (const e of events) {
    if (e.process !== process) {
      process = e.process;
      out.push(`## ${process[0].toUpperCase()}${process.slice(1)} events`);
      out.push('');
    }
    out.push(`### ${e.type}`);
    out.push('');
    out.push(`${e.summary}`);
    out.push('');
    out.push(`Schema version ${e.schemaVersion} · ${e.scope}-scoped · emitted by ${e.emitterRoles.join(', ')} · ${e.commitmentLeaves} commitment leaves · JSON Schema: \`payloadJsonSchema('${e.type}')\``);
    out.push('');
    out.push(...fieldTable(e.fields, true));
    out.push('');
  }
  out.push('## WCO Data Model and ICS2 mapping');
  out.push('');
  out.push('Which Borderledger fields correspond to which WCO DM element and ICS2 ENS element. WCO DM names are class/attribute paths of the WCO DM (numeric WCO IDs are not yet recorded); ICS2 names are the ENS data classes and elements. A dash means no counterpart.');
  out.push('');
  out.push('| WCO DM | ICS2 | Borderledger fields |');
  out.push('| --- | --- | --- |');
  const rows = new Map<string, { wco?: string; ics2?: string; fields: Set<string> }>();
  for (const e of events) {
    for (const f of e.fields) {
      if (!f.wco && !f.ics2) continue;
      const key = `${f.wco ?? ''}\u0000${f.ics2 ?? ''}`;
      const row = rows.get(key) ?? { wco: f.wco, ics2: f.ics2, fields: new Set<string>() };
      row.fields.add(`\`${f.path}\``);
      rows.set(key, row);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => (a.wco ?? '~').localeCompare(b.wco ?? '~') || (a.ics2 ?? '').localeCompare(b.ics2 ?? ''));
  for (const r of sorted) out.push(`| ${cell(r.wco)} | ${cell(r.ics2)} | ${[...r.fields].sort().join(', ')} |`);
  out.push('');
  return out.join('\n');
}
