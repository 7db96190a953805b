// Salted per-field payload commitments with selective disclosure.
//
// leaf data  = TAG || salt(16) || u32be(len(path)) || path || value-marker
// value      = 0x01 || u32be(len(v)) || JCS(v)   when the field is present
//              0x00                              when absent (optional field, spare array slot)
// leaf hash  = SHA-256(0x00 || leaf data)          (RFC 9162 leaf)
// commitment = RFC 9162 Merkle tree hash over the layout's leaves, base64url
//
// Absent slots get their own random salt like any other, so their hashes look like every other
// hash in a multiproof: a disclosure does not reveal which fields an event had.
import type { EventPayload, EventType } from '../catalogue/catalogue';
import { getEventDefinition, isEventType } from '../catalogue/catalogue';
import { validatePayload } from '../catalogue/payload-validation';
import { canonicalBytes } from '../encoding/canonical';
import { base64UrlEquals, bytesEqual, concatBytes, fromBase64Url, toBase64Url, tryFromBase64Url, u32be, utf8 } from '../encoding/bytes';
import { HASH_BYTES, sha256 } from '../crypto/hash';
import type { RandomBytes } from '../crypto/random';
import { randomBytes } from '../crypto/random';
import { merkleRoot, multiproof, rootFromMultiproof } from '../merkle/merkle-tree';
import type { DataCluster } from '../schema/field-meta';
import type { ValidationIssue, ValidationResult } from '../validation/validation';
import { EventValidationError, makeIssue } from '../validation/validation';
import type { VerificationResult } from '../validation/verification';
import { OK, fail } from '../validation/verification';
import type { LeafSlot, PayloadLayout } from './layout';
import { getPayloadLayout, parseSelector, readSlot, selectorMatches } from './layout';

/** Domain tag: these leaves can never be confused with log entries or other hashes. */
export const PAYLOAD_LEAF_TAG = 'borderledger/payload-field/v1';
const TAG_BYTES = utf8(PAYLOAD_LEAF_TAG);
/** 128-bit salts (the brief's floor; SD-JWT recommends the same). */
export const SALT_BYTES = 16;
const PRESENT = 0x01;
const ABSENT = 0x00;
const LEAF_PREFIX = 0x00;

export type JsonScalar = string | number | boolean;

/**
 * Everything needed to recompute a commitment: the payload and one salt per layout slot. It is
 * the secret half of an event — store it beside the ledger, access-controlled, never on it.
 */
export interface PayloadOpening<T extends EventType = EventType> {
  readonly eventType: T;
  readonly schemaVersion: number;
  readonly payload: EventPayload<T>;
  /** base64url of the concatenated 16-byte salts, in layout order. */
  readonly salts: string;
}

export interface CommittedPayload<T extends EventType = EventType> {
  /** base64url of the 32-byte Merkle root: the envelope's payloadCommitment. */
  readonly commitment: string;
  readonly opening: PayloadOpening<T>;
}

export interface CommitOptions {
  /** Defaults to the newest version of the type. */
  readonly schemaVersion?: number;
  /** Salt source; tests only. Production must use the default CSPRNG. */
  readonly randomBytes?: RandomBytes;
}

/** The exact bytes under one leaf hash (`value` undefined = absent). Exported for test vectors. */
export function encodeLeafData(path: string, salt: Uint8Array, value: unknown): Uint8Array {
  const end = writeLeafInput(path, salt, 0, salt.length, value); // may replace leafScratch: read it after
  const data = leafScratch.slice(1, end);
  release();
  return data;
}

/** Per slot path: u32be(length) || utf8(path). Layouts are fixed, so the set is finite. */
const pathParts = new Map<string, Uint8Array>();

function pathPart(path: string): Uint8Array {
  let part = pathParts.get(path);
  if (!part) {
    const bytes = utf8(path);
    part = concatBytes(u32be(bytes.length), bytes);
    pathParts.set(path, part);
  }
  return part;
}

/** RFC 8785 serialises a string, a finite number or a boolean exactly as JSON.stringify does. */
function canonicalValue(value: unknown): Uint8Array {
  const scalar = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
  return scalar ? utf8(JSON.stringify(value)) : canonicalBytes(value);
}

// Every leaf input is written into this one buffer and hashed from it (sha256 keeps no
// reference to its input, crypto/hash.ts) instead of allocating buffers per slot and per part.
// It always starts with the constant LEAF_PREFIX || TAG.
const HEADER = 1 + TAG_BYTES.length;
const SCRATCH_BYTES = 256;
/** Payload values are short; a rare long one (e.g. 512 characters of text) gets a larger buffer for one call. */
const MAX_KEPT_SCRATCH = 4 * 1024;
let leafScratch = newLeafScratch(SCRATCH_BYTES);

function newLeafScratch(length: number): Uint8Array {
  const out = new Uint8Array(length);
  out[0] = LEAF_PREFIX;
  out.set(TAG_BYTES, 1);
  return out;
}

/** leafScratch with at least `length` bytes; growing keeps only the header. */
function reserve(length: number): Uint8Array {
  if (leafScratch.length < length) leafScratch = newLeafScratch(Math.max(length, 2 * leafScratch.length));
  return leafScratch;
}

function release(): void {
  if (leafScratch.length > MAX_KEPT_SCRATCH) leafScratch = newLeafScratch(SCRATCH_BYTES);
}

/**
 * Writes LEAF_PREFIX || leaf data (salt = salts[saltAt, saltAt + saltLength)) into leafScratch
 * and returns its length. The value goes first, as the only part that may grow the buffer.
 */
function writeLeafInput(path: string, salts: Uint8Array, saltAt: number, saltLength: number, value: unknown): number {
  const p = pathPart(path);
  const at = HEADER + saltLength + p.length;
  let end: number;
  if (value === undefined) {
    end = at + 1;
    reserve(end)[at] = ABSENT;
  } else {
    end = writePlainValue(at, value);
    if (end < 0) {
      const bytes = canonicalValue(value);
      const out = reserve(at + 5 + bytes.length);
      writeValueHeader(out, at, bytes.length);
      out.set(bytes, at + 5);
      end = at + 5 + bytes.length;
    }
  }
  const out = leafScratch;
  let o = HEADER;
  for (let i = 0; i < saltLength; i++) out[o++] = salts[saltAt + i];
  for (let i = 0; i < p.length; i++) out[o++] = p[i];
  return end;
}

/**
 * PRESENT || u32be(len) || JCS(value) at out[at] for a scalar whose JSON text is printable ASCII
 * (JSON.stringify escapes nothing in it, so text and UTF-8 bytes are one), without building
 * the text or its bytes; -1 for any other value, which canonicalValue then encodes.
 */
function writePlainValue(at: number, value: unknown): number {
  let text: string;
  const quoted = typeof value === 'string';
  if (quoted) text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = JSON.stringify(value);
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else return -1;
  const length = text.length + (quoted ? 2 : 0);
  const out = reserve(at + 5 + length);
  let v = at + 5;
  if (quoted) out[v++] = 0x22;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7f || c === 0x22 || c === 0x5c) return -1;
    out[v++] = c;
  }
  if (quoted) out[v] = 0x22;
  writeValueHeader(out, at, length);
  return at + 5 + length;
}

/** PRESENT || u32be(length) at out[at]. */
function writeValueHeader(out: Uint8Array, at: number, length: number): void {
  out[at] = PRESENT;
  out[at + 1] = length >>> 24;
  out[at + 2] = (length >>> 16) & 0xff;
  out[at + 3] = (length >>> 8) & 0xff;
  out[at + 4] = length & 0xff;
}

/** RFC 9162 leaf hash of slot data written by writeLeafInput: SHA-256(0x00 || leaf data). */
function hashLeafInput(end: number): Uint8Array {
  const hash = sha256(leafScratch.subarray(0, end));
  release();
  return hash;
}

function slotLeafHash(path: string, salt: Uint8Array, value: unknown): Uint8Array {
  return hashLeafInput(writeLeafInput(path, salt, 0, salt.length, value));
}

function leafHashes(layout: PayloadLayout, payload: unknown, salts: Uint8Array): Uint8Array[] {
  const slots = layout.slots;
  const out: Uint8Array[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    out.push(hashLeafInput(writeLeafInput(slot.path, salts, slot.index * SALT_BYTES, SALT_BYTES, readSlot(payload, slot.segments))));
  }
  return out;
}

function layoutOrIssue(eventType: string, schemaVersion: number | undefined): PayloadLayout | ValidationIssue {
  if (!isEventType(eventType)) return makeIssue(['eventType'], 'unknown-event-type', `unknown event type "${eventType}"`);
  const layout = schemaVersion === undefined ? undefined : getPayloadLayout(eventType, schemaVersion);
  if (!layout) return makeIssue(['schemaVersion'], 'unsupported-schema-version', `${eventType} has no schema version ${schemaVersion}`);
  return layout;
}

/**
 * Validates the payload and commits to it with fresh salts. Throws EventValidationError
 * (issues name the field path and rule) when the payload is not valid for its type.
 */
export function commitPayload<T extends EventType>(eventType: T, payload: unknown, options: CommitOptions = {}): CommittedPayload<T> {
  const checked = validatePayload(eventType, payload, options.schemaVersion);
  if (!checked.ok) throw new EventValidationError(checked.issues, `${eventType} payload`);
  const found = layoutOrIssue(eventType, options.schemaVersion ?? getEventDefinition(eventType).latestSchemaVersion);
  if (!('slots' in found)) throw new EventValidationError([found], `${eventType} payload`);
  const layout = found;
  const salts = (options.randomBytes ?? randomBytes)(layout.slots.length * SALT_BYTES);
  if (salts.length !== layout.slots.length * SALT_BYTES) throw new RangeError('randomBytes returned the wrong length');
  const root = merkleRoot(leafHashes(layout, checked.value, salts));
  return {
    commitment: toBase64Url(root),
    opening: { eventType, schemaVersion: layout.schemaVersion, payload: checked.value, salts: toBase64Url(salts) },
  };
}

interface OpenedPayload {
  readonly layout: PayloadLayout;
  readonly leaves: Uint8Array[];
  readonly salts: Uint8Array;
  readonly payload: unknown;
}

function open(opening: unknown): ValidationResult<OpenedPayload> {
  if (opening === null || typeof opening !== 'object') return { ok: false, issues: [makeIssue([], 'type', 'must be an object')] };
  const o = opening as Record<string, unknown>;
  const found = layoutOrIssue(String(o['eventType']), typeof o['schemaVersion'] === 'number' ? o['schemaVersion'] : undefined);
  if (!('slots' in found)) return { ok: false, issues: [found] };
  const checked = validatePayload(found.eventType, o['payload'], found.schemaVersion);
  if (!checked.ok) return { ok: false, issues: checked.issues.map((i) => makeIssue(['payload', ...i.segments], i.rule, i.message, i.params)) };
  const salts = typeof o['salts'] === 'string' ? tryFromBase64Url(o['salts'], found.slots.length * SALT_BYTES) : undefined;
  if (!salts) {
    return {
      ok: false,
      issues: [makeIssue(['salts'], 'format', `must be base64url of ${found.slots.length} × ${SALT_BYTES} bytes`)],
    };
  }
  return { ok: true, value: { layout: found, leaves: leafHashes(found, checked.value, salts), salts, payload: checked.value } };
}

/** Recomputes the commitment of an opening (after validating it). */
export function computeCommitment(opening: PayloadOpening | unknown): ValidationResult<string> {
  const opened = open(opening);
  if (!opened.ok) return opened;
  return { ok: true, value: toBase64Url(merkleRoot(opened.value.leaves)) };
}

function commitmentRoot(opening: unknown): ValidationResult<Uint8Array> {
  const opened = open(opening);
  if (!opened.ok) return opened;
  return { ok: true, value: merkleRoot(opened.value.leaves) };
}

export interface CommitmentTarget {
  readonly eventType: string;
  readonly schemaVersion: number;
  readonly payloadCommitment: string;
}

/** Checks that an opening (full payload + salts) is exactly what the envelope committed to. */
export function verifyPayloadOpening(opening: PayloadOpening | unknown, envelope: CommitmentTarget): VerificationResult {
  const o = opening as Partial<PayloadOpening> | null;
  if (!o || o.eventType !== envelope.eventType || o.schemaVersion !== envelope.schemaVersion) {
    return fail('type-mismatch', 'opening and envelope differ in event type or schema version');
  }
  const computed = commitmentRoot(opening);
  if (!computed.ok) return fail('invalid-payload', computed.issues.map((i) => `${i.path} [${i.rule}] ${i.message}`).join('; '));
  // Compares the root with the text without encoding it: the same test as toBase64Url(root) === text.
  if (!base64UrlEquals(computed.value, envelope.payloadCommitment)) return fail('commitment-mismatch', 'payload and salts do not match payloadCommitment');
  return OK;
}

// --- Selective disclosure ------------------------------------------------------------------

/** One disclosed slot: its path, its salt and either its value or the absent marker. */
export interface DisclosedField {
  readonly path: string;
  /** base64url, 16 bytes. */
  readonly salt: string;
  readonly value?: JsonScalar;
  readonly absent?: true;
}

export interface PayloadDisclosure {
  readonly eventType: EventType;
  readonly schemaVersion: number;
  /** Disclosed slots in layout order. */
  readonly fields: readonly DisclosedField[];
  /** Multiproof hashes (base64url), depth-first left-to-right: see merkle-tree.ts. */
  readonly proof: readonly string[];
}

export class DisclosureError extends Error {
  readonly code: 'INVALID_OPENING' | 'INVALID_SELECTOR' | 'NOTHING_SELECTED';
  constructor(code: DisclosureError['code'], message: string) {
    super(message);
    this.name = 'DisclosureError';
    this.code = code;
  }
}

/** Resolves selectors to layout slots; throws on a selector that matches nothing (a typo would otherwise disclose less than intended, silently). */
export function selectSlots(layout: PayloadLayout, selectors: readonly string[]): LeafSlot[] {
  const chosen = new Set<number>();
  for (const selector of selectors) {
    const parsed = parseSelector(selector);
    if (!parsed) throw new DisclosureError('INVALID_SELECTOR', `"${selector}" is not a field path`);
    const matches = layout.slots.filter((slot) => selectorMatches(parsed, slot));
    if (matches.length === 0) {
      throw new DisclosureError('INVALID_SELECTOR', `"${selector}" matches no field of ${layout.eventType} v${layout.schemaVersion}`);
    }
    for (const m of matches) chosen.add(m.index);
  }
  if (chosen.size === 0) throw new DisclosureError('NOTHING_SELECTED', 'no field selected');
  return [...chosen].sort((a, b) => a - b).map((i) => layout.slots[i]);
}

/**
 * Discloses the selected fields of a committed payload: values and salts of those slots plus a
 * multiproof for the rest. Selectors: `goods[2].hsCode`, `seller` (everything under it),
 * `goods[*].hsCode` (every slot, including spare ones — which reveals the line count).
 */
export function createDisclosure(opening: PayloadOpening, selectors: readonly string[]): PayloadDisclosure {
  const opened = open(opening);
  if (!opened.ok) throw new DisclosureError('INVALID_OPENING', opened.issues.map((i) => `${i.path} [${i.rule}] ${i.message}`).join('; '));
  const { layout, leaves, salts, payload } = opened.value;
  const slots = selectSlots(layout, selectors);
  const fields = slots.map((slot): DisclosedField => {
    const salt = toBase64Url(salts.subarray(slot.index * SALT_BYTES, (slot.index + 1) * SALT_BYTES));
    const value = readSlot(payload, slot.segments);
    return value === undefined ? { path: slot.path, salt, absent: true } : { path: slot.path, salt, value: value as JsonScalar };
  });
  return {
    eventType: layout.eventType,
    schemaVersion: layout.schemaVersion,
    fields,
    proof: multiproof(
      leaves,
      slots.map((s) => s.index),
    ).map(toBase64Url),
  };
}

export interface VerifiedField {
  readonly path: string;
  /** Template path (`goods[].hsCode`), the key of the field catalogue. */
  readonly field: string;
  readonly cluster: DataCluster | undefined;
  readonly present: boolean;
  readonly value: JsonScalar | undefined;
}

export type DisclosureVerification =
  | { readonly ok: true; readonly fields: readonly VerifiedField[] }
  | Exclude<VerificationResult, { ok: true }>;

/**
 * Verifies a disclosure against the envelope it claims to open (verify the envelope's
 * signature separately, with verifyEnvelope). Checks every disclosed value against its field's
 * schema too, so a recipient never accepts a value the catalogue could not have produced.
 */
export function verifyDisclosure(disclosure: PayloadDisclosure | unknown, envelope: CommitmentTarget): DisclosureVerification {
  const d = disclosure as Partial<PayloadDisclosure> | null;
  if (!d || typeof d !== 'object' || !Array.isArray(d.fields) || !Array.isArray(d.proof)) {
    return fail('malformed', 'a disclosure has eventType, schemaVersion, fields[] and proof[]');
  }
  if (d.eventType !== envelope.eventType || d.schemaVersion !== envelope.schemaVersion) {
    return fail('type-mismatch', 'disclosure and envelope differ in event type or schema version');
  }
  const layout = isEventType(d.eventType) ? getPayloadLayout(d.eventType, d.schemaVersion as number) : undefined;
  if (!layout) return fail('unknown-event-type', `unknown event type or version ${String(d.eventType)} v${String(d.schemaVersion)}`);
  const root = tryFromBase64Url(envelope.payloadCommitment, HASH_BYTES);
  if (!root) return fail('malformed', 'payloadCommitment is not base64url of 32 bytes');
  if (d.fields.length === 0) return fail('malformed', 'a disclosure discloses at least one field');

  const leaves = new Map<number, Uint8Array>();
  const verified: VerifiedField[] = [];
  for (const f of d.fields as unknown[]) {
    const item = f as Partial<DisclosedField> | null;
    if (!item || typeof item !== 'object' || typeof item.path !== 'string' || typeof item.salt !== 'string') {
      return fail('malformed', 'each disclosed field has a path and a salt');
    }
    const index = layout.indexByPath.get(item.path);
    if (index === undefined) return fail('invalid-field', `"${item.path}" is not a field of ${layout.eventType} v${layout.schemaVersion}`);
    if (leaves.has(index)) return fail('invalid-field', `"${item.path}" is disclosed twice`);
    const slot = layout.slots[index];
    const salt = tryFromBase64Url(item.salt, SALT_BYTES);
    if (!salt) return fail('malformed', `salt of "${item.path}" is not base64url of ${SALT_BYTES} bytes`);
    const hasValue = Object.prototype.hasOwnProperty.call(item, 'value');
    if (hasValue === (item.absent === true) || (item.absent !== undefined && item.absent !== true)) {
      return fail('malformed', `"${item.path}" must carry either a value or absent: true`);
    }
    if (hasValue) {
      const check = slot.field.schema.safeParse(item.value);
      if (!check.success) return fail('invalid-field', `"${item.path}" holds a value its schema does not allow`);
    } else if (!slot.absentAllowed) {
      return fail('invalid-field', `"${item.path}" is required and cannot be absent`);
    }
    leaves.set(index, slotLeafHash(slot.path, salt, hasValue ? item.value : undefined));
    verified.push({
      path: slot.path,
      field: slot.field.template,
      cluster: slot.field.cluster,
      present: hasValue,
      value: hasValue ? (item.value as JsonScalar) : undefined,
    });
  }
  const proof: Uint8Array[] = [];
  for (const p of d.proof as unknown[]) {
    const bytes = typeof p === 'string' ? tryFromBase64Url(p, HASH_BYTES) : undefined;
    if (!bytes) return fail('malformed', 'proof hashes are base64url of 32 bytes');
    proof.push(bytes);
  }
  const computed = rootFromMultiproof(layout.slots.length, leaves, proof);
  if (!computed) return fail('invalid-proof', 'proof does not fit the tree shape');
  if (!bytesEqual(computed, root)) return fail('commitment-mismatch', 'disclosed fields do not match payloadCommitment');
  verified.sort((a, b) => (layout.indexByPath.get(a.path) as number) - (layout.indexByPath.get(b.path) as number));
  return { ok: true, fields: verified };
}

/**
 * Rebuilds the disclosed part of a payload as nested JSON: present fields only, array items at
 * their original index (undisclosed items are holes).
 */
export function toPartialPayload(fields: readonly Pick<VerifiedField, 'path' | 'present' | 'value'>[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const f of fields) {
    if (!f.present) continue;
    const segments = parseSelector(f.path);
    if (!segments) continue;
    let cursor: Record<string | number, unknown> = root;
    segments.forEach((segment, i) => {
      const last = i === segments.length - 1;
      if (last) {
        cursor[segment] = f.value;
        return;
      }
      const nextIsIndex = typeof segments[i + 1] === 'number';
      if (cursor[segment] === undefined) cursor[segment] = nextIsIndex ? [] : {};
      cursor = cursor[segment] as Record<string | number, unknown>;
    });
  }
  return root;
}

/** Decodes salts of an opening, one Uint8Array per layout slot (for audits and tests). */
export function openingSalts(opening: PayloadOpening): Uint8Array[] {
  const all = fromBase64Url(opening.salts);
  const out: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += SALT_BYTES) out.push(all.slice(i, i + SALT_BYTES));
  return out;
}
