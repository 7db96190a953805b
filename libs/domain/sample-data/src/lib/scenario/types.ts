import type { EventPayload, EventType } from '@borderledger/events';
import type { SubmitterRole } from '../reference/participants';
import type { SpellingEdit } from './misspell';

/** The event types the generator emits: the Buy, Pay and Ship processes. */
export const SAMPLE_EVENT_TYPES = [
  'buy.order.placed',
  'buy.order.changed',
  'buy.order.cancelled',
  'pay.payment.captured',
  'pay.refund.issued',
  'ship.consignment.booked',
  'ship.consignment.packed',
  'ship.consignment.picked-up',
  'ship.consignment.consolidated',
  'ship.consignment.departed',
  'ship.consignment.arrived',
  'ship.consignment.delivered',
  'ship.consignment.returned',
] as const satisfies readonly EventType[];
export type SampleEventType = (typeof SAMPLE_EVENT_TYPES)[number];

/** The payload schema version every generated payload is written for. */
export const SAMPLE_SCHEMA_VERSION = 1;

/** One generated event: what a platform, carrier or logistics node would be asked to submit. */
export interface GeneratedEventOf<T extends SampleEventType> {
  /** UUIDv7 derived from the seed and `submittedAt`: stable across runs, so replays are idempotent. */
  readonly eventId: string;
  readonly eventType: T;
  readonly schemaVersion: typeof SAMPLE_SCHEMA_VERSION;
  /** House consignment reference, or the master consignment's for master-level departed/arrived. */
  readonly consignmentRef: string;
  /** When the fact happened (RFC 3339, whole seconds, UTC). */
  readonly occurredAt: string;
  /** When the submitter sent it; the stream is ordered by this time. */
  readonly submittedAt: string;
  /** Participant id of the submitting organisation. */
  readonly submitter: string;
  readonly submitterRole: SubmitterRole;
  readonly payload: EventPayload<T, 1>;
}

export type GeneratedEvent = { [T in SampleEventType]: GeneratedEventOf<T> }[SampleEventType];

export const ANOMALY_KINDS = [
  'undervaluation',
  'split-shipment',
  'description-hs-mismatch',
  'watch-listed-party',
  'late-filing',
] as const;
/** Labels match the risk indicators of @borderledger/events' customs.risk.assessed. */
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface UndervaluedLine {
  readonly orderId: string;
  /** Index in the order's goods array. */
  readonly lineIndex: number;
  readonly hsCode: string;
  readonly declaredUnitValue: string;
  /** The reference price converted to the order currency. */
  readonly referenceUnitValue: string;
  readonly currency: string;
  /** declared / reference, rounded to 3 decimals (between 0.05 and 0.30). */
  readonly ratio: number;
}

export interface UndervaluationDetail {
  readonly lines: readonly UndervaluedLine[];
}

export interface SplitShipmentDetail {
  /** Shared by every consignment of the split. */
  readonly groupId: string;
  readonly consignmentRefs: readonly string[];
  readonly sellerName: string;
  readonly buyerName: string;
  readonly currency: string;
  /** Intrinsic value of this consignment's goods (no shipping). */
  readonly goodsValue: string;
  /** Sum over the group: above the threshold while each part stays below it. */
  readonly totalGoodsValue: string;
  /** The de minimis threshold in the order currency and in EUR. */
  readonly threshold: string;
  readonly thresholdEur: string;
}

export interface DescriptionHsMismatchDetail {
  readonly orderId: string;
  readonly lineIndex: number;
  readonly description: string;
  /** The HS code the order and booking carry. */
  readonly declaredHsCode: string;
  /** The HS code the description belongs under. */
  readonly expectedHsCode: string;
}

export interface WatchListedPartyDetail {
  readonly role: 'seller' | 'buyer';
  readonly watchListId: string;
  readonly listedName: string;
  /** The name as it appears in the events. */
  readonly declaredName: string;
  readonly edits: readonly SpellingEdit[];
}

export interface LateFilingDetail {
  readonly modeOfTransport: 'air';
  readonly masterConsignmentRef: string;
  readonly masterWaybill: string;
  /** When the conveyance left (loading is complete by then). */
  readonly departedAt: string;
  /** submittedAt of the consignment's first event: every house-level filing arrived after departure. */
  readonly firstFiledAt: string;
  readonly lateByMinutes: number;
}

interface TruthOf<K extends AnomalyKind, D> {
  readonly consignmentRef: string;
  readonly anomaly: K;
  readonly detail: D;
}

/** Ground truth: one record per injected anomaly per consignment. */
export type TruthRecord =
  | TruthOf<'undervaluation', UndervaluationDetail>
  | TruthOf<'split-shipment', SplitShipmentDetail>
  | TruthOf<'description-hs-mismatch', DescriptionHsMismatchDetail>
  | TruthOf<'watch-listed-party', WatchListedPartyDetail>
  | TruthOf<'late-filing', LateFilingDetail>;

/** An item of the stream: an event, or a ground-truth record (yielded before the consignment's first event). */
export type ScenarioItem = { readonly kind: 'event'; readonly event: GeneratedEvent } | { readonly kind: 'truth'; readonly truth: TruthRecord };

export interface ScenarioSummary {
  readonly runTag: string;
  readonly events: number;
  /** House consignments (the `consignments` option). */
  readonly consignments: number;
  readonly masterConsignments: number;
  readonly cancelledConsignments: number;
  readonly eventsByType: Readonly<Record<SampleEventType, number>>;
  readonly anomalies: Readonly<Record<AnomalyKind, number>>;
  /** Earliest occurredAt and latest submittedAt (null when nothing was generated). */
  readonly firstOccurredAt: string | null;
  readonly lastSubmittedAt: string | null;
}

export interface Scenario {
  readonly events: readonly GeneratedEvent[];
  readonly truth: readonly TruthRecord[];
  readonly summary: ScenarioSummary;
}
