// The event catalogue: every event type, its frozen schema versions, who may emit it.
//
// Naming: `<process>.<subject>.<past-tense-verb>`, lower-case, kebab-case inside a segment.
// Process is one of buy | pay | ship | customs | governance (Buy-Ship-Pay plus the two
// networks roles), the subject is the thing the fact is about, the verb says what happened.
//
// Evolution rule (enforced by the frozen fingerprints in catalogue.spec.ts):
//   * a published (type, schemaVersion) never changes: not a field, not a pattern, not a limit;
//   * a new schemaVersion of a type may only ADD OPTIONAL fields (or raise an array capacity),
//     never remove, rename, retype or change the meaning of an existing one;
//   * anything else is a breaking change and gets a new event type name.
import type * as z from 'zod';
import type { ParticipantRole } from '../schema/codes';
import { orderCancelledV1, orderChangedV1, orderPlacedV1 } from './buy.events';
import {
  doNotLoadIssuedV1,
  holdPlacedV1,
  releaseGrantedV1,
  rfiIssuedV1,
  riskAssessedV1,
} from './customs.events';
import { keyRotatedV1, participantAdmittedV1, policyChangedV1, quorumChangedV1 } from './governance.events';
import { paymentCapturedV1, refundIssuedV1 } from './pay.events';
import {
  consignmentArrivedV1,
  consignmentBookedV1,
  consignmentConsolidatedV1,
  consignmentDeliveredV1,
  consignmentDepartedV1,
  consignmentPackedV1,
  consignmentPickedUpV1,
  consignmentReturnedV1,
} from './ship.events';

export const EVENT_PROCESSES = ['buy', 'pay', 'ship', 'customs', 'governance'] as const;
export type EventProcess = (typeof EVENT_PROCESSES)[number];

/** `consignment`: the envelope carries a consignment reference; `network`: it carries null. */
export type EventScope = 'consignment' | 'network';

export type PayloadSchema = z.ZodObject;

interface DefinitionInput<V extends Record<number, PayloadSchema>> {
  process: EventProcess;
  scope: EventScope;
  summary: string;
  emitterRoles: readonly ParticipantRole[];
  versions: V;
}

function define<V extends Record<number, PayloadSchema>>(input: DefinitionInput<V>) {
  return input;
}

const SHIPPERS: readonly ParticipantRole[] = ['carrier', 'logistics'];

const CATALOGUE = {
  'buy.order.placed': define({
    process: 'buy',
    scope: 'consignment',
    summary: 'A buyer placed an order with a seller on a platform.',
    emitterRoles: ['platform'],
    versions: { 1: orderPlacedV1 },
  }),
  'buy.order.changed': define({
    process: 'buy',
    scope: 'consignment',
    summary: 'An order was amended; the event carries the whole order as it now stands.',
    emitterRoles: ['platform'],
    versions: { 1: orderChangedV1 },
  }),
  'buy.order.cancelled': define({
    process: 'buy',
    scope: 'consignment',
    summary: 'An order was cancelled.',
    emitterRoles: ['platform'],
    versions: { 1: orderCancelledV1 },
  }),
  'pay.payment.captured': define({
    process: 'pay',
    scope: 'consignment',
    summary: 'Payment for an order was captured.',
    emitterRoles: ['platform'],
    versions: { 1: paymentCapturedV1 },
  }),
  'pay.refund.issued': define({
    process: 'pay',
    scope: 'consignment',
    summary: 'Money was refunded for an order.',
    emitterRoles: ['platform'],
    versions: { 1: refundIssuedV1 },
  }),
  'ship.consignment.booked': define({
    process: 'ship',
    scope: 'consignment',
    summary: 'A house consignment was booked with a carrier (house waybill issued).',
    emitterRoles: ['carrier', 'logistics', 'platform'],
    versions: { 1: consignmentBookedV1 },
  }),
  'ship.consignment.packed': define({
    process: 'ship',
    scope: 'consignment',
    summary: 'The goods were packed into packages at a fulfilment centre.',
    emitterRoles: ['logistics', 'carrier', 'platform'],
    versions: { 1: consignmentPackedV1 },
  }),
  'ship.consignment.consolidated': define({
    process: 'ship',
    scope: 'consignment',
    summary: 'A house consignment was consolidated under a master consignment (master waybill).',
    emitterRoles: SHIPPERS,
    versions: { 1: consignmentConsolidatedV1 },
  }),
  'ship.consignment.picked-up': define({
    process: 'ship',
    scope: 'consignment',
    summary: 'The carrier took over the goods.',
    emitterRoles: SHIPPERS,
    versions: { 1: consignmentPickedUpV1 },
  }),
  'ship.consignment.departed': define({
    process: 'ship',
    scope: 'consignment',
    summary: 'The consignment left on a conveyance (flight, vessel, truck) along a route.',
    emitterRoles: SHIPPERS,
    versions: { 1: consignmentDepartedV1 },
  }),
  'ship.consignment.arrived': define({
    process: 'ship',
    scope: 'consignment',
    summary: 'The consignment arrived at the place of unloading.',
    emitterRoles: SHIPPERS,
    versions: { 1: consignmentArrivedV1 },
  }),
  'ship.consignment.delivered': define({
    process: 'ship',
    scope: 'consignment',
    summary: 'The consignment was delivered.',
    emitterRoles: SHIPPERS,
    versions: { 1: consignmentDeliveredV1 },
  }),
  'ship.consignment.returned': define({
    process: 'ship',
    scope: 'consignment',
    summary: 'The consignment is being returned.',
    emitterRoles: SHIPPERS,
    versions: { 1: consignmentReturnedV1 },
  }),
  'customs.risk.assessed': define({
    process: 'customs',
    scope: 'consignment',
    summary: 'A customs risk engine scored the consignment: lane, ICS2 referral, explained hits.',
    emitterRoles: ['customs'],
    versions: { 1: riskAssessedV1 },
  }),
  'customs.rfi.issued': define({
    process: 'customs',
    scope: 'consignment',
    summary: 'Customs issued an ICS2 Request for Information to the filer.',
    emitterRoles: ['customs'],
    versions: { 1: rfiIssuedV1 },
  }),
  'customs.hold.placed': define({
    process: 'customs',
    scope: 'consignment',
    summary: 'Customs placed the consignment on hold.',
    emitterRoles: ['customs'],
    versions: { 1: holdPlacedV1 },
  }),
  'customs.do-not-load.issued': define({
    process: 'customs',
    scope: 'consignment',
    summary: 'Customs issued an ICS2 Do Not Load referral: the goods must not be loaded.',
    emitterRoles: ['customs'],
    versions: { 1: doNotLoadIssuedV1 },
  }),
  'customs.release.granted': define({
    process: 'customs',
    scope: 'consignment',
    summary: 'Customs released the consignment.',
    emitterRoles: ['customs'],
    versions: { 1: releaseGrantedV1 },
  }),
  'governance.participant.admitted': define({
    process: 'governance',
    scope: 'network',
    summary: 'An organisation was admitted to the network with roles and a first key.',
    emitterRoles: ['governance'],
    versions: { 1: participantAdmittedV1 },
  }),
  'governance.key.rotated': define({
    process: 'governance',
    scope: 'network',
    summary: "A participant's signing key was replaced.",
    emitterRoles: ['governance'],
    versions: { 1: keyRotatedV1 },
  }),
  'governance.policy.changed': define({
    process: 'governance',
    scope: 'network',
    summary: 'A data-governance policy got a new version.',
    emitterRoles: ['governance'],
    versions: { 1: policyChangedV1 },
  }),
  'governance.quorum.changed': define({
    process: 'governance',
    scope: 'network',
    summary: 'The checkpoint co-signing quorum changed.',
    emitterRoles: ['governance'],
    versions: { 1: quorumChangedV1 },
  }),
} as const;

type Catalogue = typeof CATALOGUE;
export type EventType = keyof Catalogue;

export const EVENT_TYPES = Object.keys(CATALOGUE) as EventType[];

type Versions<T extends EventType> = Catalogue[T]['versions'];
type LatestVersion<T extends EventType> = keyof Versions<T> & number;

/** Payload type of a (type, version); defaults to the newest version. */
export type EventPayload<T extends EventType, V extends keyof Versions<T> = LatestVersion<T>> =
  Versions<T>[V] extends z.ZodType ? z.output<Versions<T>[V]> : never;

/** What the catalogue says about one event type. */
export interface EventTypeDefinition {
  readonly type: EventType;
  readonly process: EventProcess;
  readonly scope: EventScope;
  readonly summary: string;
  /** Default emitter roles; the ledger's policy checks the submitter against them. */
  readonly emitterRoles: readonly ParticipantRole[];
  /** Published schema versions, ascending. */
  readonly schemaVersions: readonly number[];
  readonly latestSchemaVersion: number;
}

const DEFINITIONS = new Map<string, EventTypeDefinition>(
  EVENT_TYPES.map((type) => {
    const entry = CATALOGUE[type];
    const versions = Object.keys(entry.versions)
      .map(Number)
      .sort((a, b) => a - b);
    return [
      type,
      {
        type,
        process: entry.process,
        scope: entry.scope,
        summary: entry.summary,
        emitterRoles: entry.emitterRoles,
        schemaVersions: versions,
        latestSchemaVersion: versions[versions.length - 1],
      },
    ];
  }),
);

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && DEFINITIONS.has(value);
}

export function getEventDefinition(type: EventType): EventTypeDefinition {
  const definition = DEFINITIONS.get(type);
  if (!definition) throw new RangeError(`Unknown event type "${type}"`);
  return definition;
}

export function listEventDefinitions(): EventTypeDefinition[] {
  return EVENT_TYPES.map((t) => getEventDefinition(t));
}

/** The zod schema of a payload version, or undefined when that (type, version) does not exist. */
export function getPayloadSchema(type: EventType, schemaVersion?: number): PayloadSchema | undefined {
  const definition = DEFINITIONS.get(type);
  if (!definition) return undefined;
  const version = schemaVersion ?? definition.latestSchemaVersion;
  return (CATALOGUE[type].versions as Record<number, PayloadSchema>)[version];
}
