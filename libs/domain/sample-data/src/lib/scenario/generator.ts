// The scenario generator: departures ("units") are generated in time order; each unit is a
// master consignment with its house consignments (air or sea consolidation) or one direct
// shipment (express, road, rail). Every house consignment gets its whole Buy-Pay-Ship story at
// once, its events go into a reorder buffer keyed by submission time, and events leave the
// buffer once no later unit can produce anything earlier. Working memory is therefore bounded
// by (departures per day × the longest story), not by the size of the data set.
import type { EventPayload } from '@borderledger/events';
import { Sfc32, WeightedTable, type Random } from '../random/prng';
import {
  DESTINATION_COUNTRIES,
  EU_COUNTRIES,
  ORIGIN_BY_CODE,
  ORIGIN_COUNTRIES,
  DESTINATION_BY_CODE,
  type DestinationCountry,
  type OriginCountry,
} from '../reference/geography';
import { charmPrice, formatMinor, fromEurCents, type OrderCurrency } from '../reference/money';
import {
  AIR_CARRIERS,
  AIR_CONSOLIDATOR,
  EXPRESS_CARRIER,
  FULFILMENT,
  LAST_MILE_CARRIER,
  RAIL_CARRIER,
  ROAD_CARRIERS,
  SEA_CARRIER,
  SEA_CONSOLIDATOR,
  type PlatformProfile,
  type SampleParticipant,
} from '../reference/participants';
import { PRODUCTS_BY_CATEGORY, REFERENCE_PRODUCTS, type ReferenceProduct } from '../reference/products';
import {
  AIR_GATEWAYS,
  AIR_HUBS,
  AIR_TRANSIT_HUBS,
  CUSTOMS_OFFICES,
  RAIL_TERMINALS,
  REGIONS,
  ROAD_LANES,
  ROAD_NEIGHBOURS,
  ROAD_TERMINALS,
  SEA_GATEWAYS,
  SEA_PASSAGES,
  SEA_PORTS,
  VESSEL_FLAGS,
  type Place,
} from '../reference/transport';
import { WATCH_LIST, watchListEntriesFor, type WatchListEntry } from '../reference/watch-list';
import { MinHeap } from './heap';
import {
  airWaybillNumber,
  digits,
  fromTemplate,
  imoNumber,
  isoSeconds,
  letters,
  pad,
  runTagFrom,
  uuidV7,
} from './identifiers';
import { misspell } from './misspell';
import { MODE_SHARES, type ResolvedOptions, type ShippingMode } from './options';
import { PartyDirectory, type Buyer, type Party, type Seller } from './parties';
import type {
  AnomalyKind,
  GeneratedEvent,
  SampleEventType,
  ScenarioItem,
  ScenarioSummary,
  TruthRecord,
  UndervaluedLine,
  WatchListedPartyDetail,
} from './types';
import { ANOMALY_KINDS, SAMPLE_EVENT_TYPES, SAMPLE_SCHEMA_VERSION } from './types';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * No event of a unit occurs (or is submitted) earlier than this before the unit's departure:
 * the bound that lets the reorder buffer release events. The longest lead is a sea house:
 * order ≤ 72 h + booking ≤ 10 h + packing ≤ 12 h + pick-up ≤ 30 h + consolidation ≤ 96 h.
 */
export const MAX_LEAD_MS = 10 * DAY;

type GoodsLine = EventPayload<'buy.order.placed', 1>['goods'][number];
type TransportDocument = EventPayload<'ship.consignment.booked', 1>['transportDocument'];
type Location = EventPayload<'ship.consignment.picked-up', 1>['placeOfAcceptance'];
type Conveyance = EventPayload<'ship.consignment.departed', 1>['activeBorderTransportMeans'];
type Country = Location['country'];
type InstrumentType = EventPayload<'pay.payment.captured', 1>['instrumentType'];
type Payee = EventPayload<'pay.payment.captured', 1>['payee'];

const CONSOLIDATED_SHARE = MODE_SHARES['air-consolidated'] + MODE_SHARES['sea-consolidated'];
const SPLIT_SIZES = new WeightedTable<number>([[2, 50], [3, 35], [4, 15]]);
const MEAN_SPLIT_SIZE = 2 * 0.5 + 3 * 0.35 + 4 * 0.15;
const UNIT_SIZE: Readonly<Record<ShippingMode, readonly [number, number]>> = {
  'air-consolidated': [4, 30],
  'sea-consolidated': [8, 40],
  express: [1, 1],
  road: [1, 1],
  rail: [1, 1],
};
const UNIT_TYPES = new WeightedTable<ShippingMode>(
  (Object.keys(MODE_SHARES) as ShippingMode[]).map((mode) => {
    const [min, max] = UNIT_SIZE[mode];
    // Units are drawn so that each mode's share of *consignments* matches MODE_SHARES.
    return [mode, MODE_SHARES[mode] / ((min + max) / 2)] as const;
  }),
);
const LINE_COUNTS = new WeightedTable<number>([[1, 60], [2, 25], [3, 10], [4, 5]]);
const PERSON_QUANTITIES = new WeightedTable<number>([[1, 70], [2, 20], [3, 7], [4, 3]]);
const PACKAGE_COUNTS = new WeightedTable<number>([[1, 80], [2, 15], [3, 5]]);
const PACKAGE_TYPES = ['BX', 'PK', 'CT', 'BG'] as const;
const INSTRUMENTS = new WeightedTable<InstrumentType>([['card', 55], ['wallet', 20], ['buy-now-pay-later', 8], ['bank-transfer', 7], ['voucher', 3], ['other', 1]]);
const DELIVERY_OUTCOMES = new WeightedTable<EventPayload<'ship.consignment.delivered', 1>['deliveryOutcome']>([
  ['delivered-to-consignee', 70],
  ['delivered-to-pickup-point', 15],
  ['delivered-to-neighbour', 8],
  ['delivered-to-safe-place', 7],
]);
const ORIGINS = new WeightedTable(ORIGIN_COUNTRIES.map((c) => [c, c.weight] as const));
const origin = (code: string) => ORIGIN_BY_CODE.get(code) as OriginCountry;
const destination = (code: string) => DESTINATION_BY_CODE.get(code) as DestinationCountry;
const ROAD_ORIGINS = new WeightedTable(Object.keys(ROAD_LANES).map((code) => [origin(code), origin(code).weight] as const));
const ROAD_DESTINATIONS = new Map(
  Object.entries(ROAD_LANES).map(([from, to]) => [from, new WeightedTable(to.map((code) => [destination(code), destination(code).weight] as const))]),
);

interface Who {
  readonly id: string;
  readonly role: SampleParticipant['role'];
}

interface Draft {
  readonly type: SampleEventType;
  readonly occurredMs: number;
  readonly who: Who;
  readonly payload: unknown;
}

/** The events of one consignment reference, in causal order, before their submission times exist. */
class Story {
  readonly drafts: Draft[] = [];
  constructor(readonly ref: string) {}

  add<T extends SampleEventType>(type: T, occurredMs: number, who: Who, payload: EventPayload<T, 1>): void {
    const last = this.drafts[this.drafts.length - 1];
    if (last && occurredMs < last.occurredMs) {
      throw new Error(`sample-data bug: ${type} of ${this.ref} occurs before ${last.type}`);
    }
    this.drafts.push({ type, occurredMs, who, payload });
  }
}

interface Lane {
  readonly mode: ShippingMode;
  readonly origin: OriginCountry;
  readonly destination: DestinationCountry;
  readonly loading: Place;
  readonly unloading: Place;
  readonly routing: readonly Country[];
  readonly transitMs: number;
}

interface OrderDraft {
  readonly orderId: string;
  readonly platform: PlatformProfile;
  readonly currency: OrderCurrency;
  /** Lines as placed; `finalLines` after an amendment. */
  readonly placedLines: readonly GoodsLine[];
  finalLines: readonly GoodsLine[];
  readonly products: readonly ReferenceProduct[];
  readonly shippingMinor: number;
  change?: { readonly reason: EventPayload<'buy.order.changed', 1>['changeReason'] };
  paymentId?: string;
  instrument?: InstrumentType;
}

interface HouseFlags {
  undervaluation: boolean;
  mismatch: boolean;
  watch: WatchListEntry | null;
  late: boolean;
}

interface SplitContext {
  readonly groupId: string;
  readonly seller: Seller;
  readonly buyer: Buyer;
  readonly targetMinor: number;
}

interface House {
  readonly ref: string;
  readonly seq: number;
  readonly seller: Seller;
  readonly buyer: Buyer;
  readonly sellerParty: Party;
  readonly buyerParty: Party;
  readonly deliveryCity: string;
  readonly returnCity: string;
  readonly orders: OrderDraft[];
  readonly flags: HouseFlags;
  readonly split: SplitContext | null;
  readonly truth: TruthRecord[];
  readonly cancelled: boolean;
  readonly watchDetail: WatchListedPartyDetail | null;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const lineValue = (line: GoodsLine) => line.quantity * Math.round(Number(line.unitValue) * 100);

export class ScenarioGenerator {
  readonly runTag: string;
  private readonly options: ResolvedOptions;
  private readonly random: Random;
  private readonly parties: PartyDirectory;
  private readonly heap = new MinHeap<GeneratedEvent>();
  private readonly yearDigit: string;
  private readonly awbSerialBase: number;
  private readonly splitSlotProbability: number;
  private readonly lateProbability: number;
  private readonly undervaluationProbability: number;
  private readonly validDestinations = new Map<string, WeightedTable<DestinationCountry>>();

  private remaining: number;
  private nextDepartureMs: number;
  private tie = 0;
  private houseSeq = 0;
  private masterSeq = 0;
  private unitSeq = 0;
  private orderSeq = 0;
  private paymentSeq = 0;
  private refundSeq = 0;
  private splitSeq = 0;

  private emitted = 0;
  private cancelledHouses = 0;
  private firstOccurredMs = Number.POSITIVE_INFINITY;
  private lastSubmittedMs = Number.NEGATIVE_INFINITY;
  private readonly eventsByType = Object.fromEntries(SAMPLE_EVENT_TYPES.map((t) => [t, 0])) as Record<SampleEventType, number>;
  private readonly anomalyCounts = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) as Record<AnomalyKind, number>;

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.random = Sfc32.fromString(`${options.seedKey}|scenario`);
    this.runTag = runTagFrom(Sfc32.fromString(`${options.seedKey}|run-tag`));
    this.parties = new PartyDirectory({ seedKey: options.seedKey, sellers: options.sellers, buyers: options.buyers });
    this.remaining = options.consignments;
    this.nextDepartureMs = options.startMs + MAX_LEAD_MS;
    this.yearDigit = String(new Date(options.startMs).getUTCFullYear() % 10);
    this.awbSerialBase = Sfc32.fromString(`${options.seedKey}|awb`).below(5_000_000);

    const { splitShipment, lateFiling, undervaluation } = options.anomalies;
    // Split groups live in consolidated units; a slot starts one with probability q so that the
    // share of consignments in split groups is splitShipment overall.
    const f = Math.min(0.99, splitShipment / CONSOLIDATED_SHARE);
    this.splitSlotProbability = f / (MEAN_SPLIT_SIZE - f * (MEAN_SPLIT_SIZE - 1));
    this.lateProbability = lateFiling / MODE_SHARES['air-consolidated'];
    // Split parts are never undervalued (their value is what makes them a split); compensate.
    this.undervaluationProbability = Math.min(1, undervaluation / (1 - splitShipment));
  }

  *run(): Generator<ScenarioItem, ScenarioSummary, undefined> {
    while (this.remaining > 0) {
      const truth = this.buildUnit();
      for (const record of truth) {
        this.anomalyCounts[record.anomaly]++;
        yield { kind: 'truth', truth: record };
      }
      const frontier = this.nextDepartureMs - MAX_LEAD_MS;
      while (this.heap.peekTime() < frontier) yield this.emit();
    }
    while (this.heap.size > 0) yield this.emit();
    return this.summary();
  }

  private emit(): ScenarioItem {
    const event = this.heap.pop() as GeneratedEvent;
    this.emitted++;
    this.eventsByType[event.eventType]++;
    return { kind: 'event', event };
  }

  private summary(): ScenarioSummary {
    return {
      runTag: this.runTag,
      events: this.emitted,
      consignments: this.houseSeq,
      masterConsignments: this.masterSeq,
      cancelledConsignments: this.cancelledHouses,
      eventsByType: { ...this.eventsByType },
      anomalies: { ...this.anomalyCounts },
      firstOccurredAt: this.emitted > 0 ? isoSeconds(this.firstOccurredMs) : null,
      lastSubmittedAt: this.emitted > 0 ? isoSeconds(this.lastSubmittedMs) : null,
    };
  }

  // --- time helpers -------------------------------------------------------------------------

  /** A whole-second duration, uniform in [min, max] milliseconds. */
  private span(minMs: number, maxMs: number): number {
    return this.random.int(Math.round(minMs / SECOND), Math.round(maxMs / SECOND)) * SECOND;
  }

  private who(participant: SampleParticipant): Who {
    const id = this.options.submitterPerRole.get(participant.role) ?? this.options.participantIds.get(participant.id) ?? participant.id;
    return { id, role: participant.role };
  }

  /**
   * Gives a story's events submission times (monotonic, so the stream keeps their causal order)
   * and queues them. `lateAfterMs`: every event that occurred before it is held back and filed
   * after it (late filing). Returns the first submission time.
   */
  private commit(story: Story, lateAfterMs?: number): number {
    let previous = Number.NEGATIVE_INFINITY;
    let cursor = lateAfterMs ?? 0;
    let first = Number.NaN;
    for (const draft of story.drafts) {
      let submitted: number;
      if (lateAfterMs !== undefined && draft.occurredMs < lateAfterMs) {
        cursor += this.span(SECOND, 90 * SECOND);
        submitted = cursor;
      } else {
        submitted = draft.occurredMs + (draft.who.role === 'platform' ? this.span(2 * SECOND, 90 * SECOND) : this.span(30 * SECOND, 20 * MINUTE));
      }
      submitted = Math.max(submitted, previous + SECOND);
      previous = submitted;
      if (Number.isNaN(first)) first = submitted;
      this.firstOccurredMs = Math.min(this.firstOccurredMs, draft.occurredMs);
      this.lastSubmittedMs = Math.max(this.lastSubmittedMs, submitted);
      const event = {
        eventId: uuidV7(submitted, this.random),
        eventType: draft.type,
        schemaVersion: SAMPLE_SCHEMA_VERSION,
        consignmentRef: story.ref,
        occurredAt: isoSeconds(draft.occurredMs),
        submittedAt: isoSeconds(submitted),
        submitter: draft.who.id,
        submitterRole: draft.who.role,
        payload: deepFreeze(draft.payload),
      } as GeneratedEvent;
      this.heap.push(submitted, this.tie++, event);
    }
    return first;
  }

  // --- units and lanes ----------------------------------------------------------------------

  private buildUnit(): TruthRecord[] {
    const mode = UNIT_TYPES.pick(this.random);
    const lane = this.pickLane(mode);
    const [min, max] = UNIT_SIZE[mode];
    const size = Math.min(this.remaining, this.random.int(min, max));
    const departureMs = this.nextDepartureMs;
    this.unitSeq++;
    const before = this.houseSeq;
    const truth = mode === 'air-consolidated' || mode === 'sea-consolidated' ? this.buildConsolidated(lane, size, departureMs) : this.buildDirect(lane, departureMs);
    const built = this.houseSeq - before;
    // Departures are spaced so that consignments depart at the configured daily rate on average.
    this.nextDepartureMs += Math.max(SECOND, Math.round((built * DAY * this.random.between(0.5, 1.5)) / this.options.consignmentsPerDay / SECOND) * SECOND);
    return truth;
  }

  private destinationsFor(origin: OriginCountry): WeightedTable<DestinationCountry> {
    let table = this.validDestinations.get(origin.code);
    if (!table) {
      table = new WeightedTable(
        DESTINATION_COUNTRIES.map((d) => {
          const intraEu = EU_COUNTRIES.has(origin.code) && EU_COUNTRIES.has(d.code);
          return [d, d.code === origin.code || intraEu ? 0 : d.weight] as const;
        }),
      );
      this.validDestinations.set(origin.code, table);
    }
    return table;
  }

  private pickLane(mode: ShippingMode): Lane {
    const r = this.random;
    switch (mode) {
      case 'air-consolidated':
      case 'express': {
        const origin = ORIGINS.pick(r);
        const destination = this.destinationsFor(origin).pick(r);
        const loading = r.pick(AIR_HUBS[origin.code]);
        const unloading = r.pick(AIR_GATEWAYS[destination.code]);
        const sameRegion = REGIONS[loading.country] === REGIONS[destination.code];
        let transitMs = sameRegion ? this.span(2 * HOUR, 6 * HOUR) : this.span(9 * HOUR, 16 * HOUR);
        const route: string[] = [loading.country];
        if (mode === 'express') {
          // Integrators sort at their regional hub.
          const region = REGIONS[destination.code];
          const hub = region === 'europe' ? 'DE' : region === 'north-america' ? 'US' : null;
          if (hub && hub !== loading.country) route.push(hub);
          transitMs = this.span(20 * HOUR, 60 * HOUR);
        } else if (REGIONS[origin.code] === 'south-asia' && !sameRegion && r.chance(0.5)) {
          route.push(r.pick(AIR_TRANSIT_HUBS));
          transitMs += this.span(6 * HOUR, 10 * HOUR);
        }
        route.push(destination.code);
        return { mode, origin, destination, loading, unloading, routing: dedupe(route), transitMs };
      }
      case 'sea-consolidated': {
        for (;;) {
          const origin = ORIGINS.pick(r);
          const destination = this.destinationsFor(origin).pick(r);
          const passage = SEA_PASSAGES[`${REGIONS[origin.code]}>${REGIONS[destination.code]}`];
          const gateways = SEA_GATEWAYS[destination.code];
          if (!passage || !gateways) continue;
          const loading = r.pick(SEA_PORTS[origin.code]);
          // West-coast gateway for cargo from Asia, east-coast for cargo from Europe.
          const unloading = REGIONS[origin.code] === 'europe' ? gateways[gateways.length - 1] : gateways[0];
          const transitMs = this.span(passage.days[0] * DAY, passage.days[1] * DAY);
          return { mode, origin, destination, loading, unloading, routing: dedupe([loading.country, ...passage.via, destination.code]), transitMs };
        }
      }
      case 'road': {
        const origin = ROAD_ORIGINS.pick(r);
        const destination = (ROAD_DESTINATIONS.get(origin.code) as WeightedTable<DestinationCountry>).pick(r);
        const routing = roadRoute(origin.code, destination.code);
        const transitMs = (routing.length - 1) * this.span(8 * HOUR, 14 * HOUR) + this.span(2 * HOUR, 6 * HOUR);
        return { mode, origin, destination, loading: ROAD_TERMINALS[origin.code], unloading: ROAD_TERMINALS[destination.code], routing, transitMs };
      }
      case 'rail': {
        const origin = ORIGIN_BY_CODE.get('CN') as OriginCountry;
        const destination = DESTINATION_BY_CODE.get(r.chance(0.6) ? 'DE' : 'PL') as DestinationCountry;
        const routing = dedupe([...RAIL_TERMINALS.corridor, destination.code]);
        return {
          mode,
          origin,
          destination,
          loading: r.pick(RAIL_TERMINALS.origins),
          unloading: RAIL_TERMINALS.destinations[destination.code],
          routing: routing as Country[],
          transitMs: this.span(16 * DAY, 22 * DAY),
        };
      }
    }
  }

  // --- consolidated (master + houses) -------------------------------------------------------

  private buildConsolidated(lane: Lane, size: number, departureMs: number): TruthRecord[] {
    const r = this.random;
    const air = lane.mode === 'air-consolidated';
    this.masterSeq++;
    const carrier = air ? r.pick(AIR_CARRIERS) : SEA_CARRIER;
    const consolidator = air ? AIR_CONSOLIDATOR : SEA_CONSOLIDATOR;
    const masterDoc: TransportDocument = air
      ? { type: 'master-air-waybill', referenceNumber: airWaybillNumber((carrier as (typeof AIR_CARRIERS)[number]).awbPrefix, this.awbSerialBase + this.masterSeq) }
      : { type: 'master-bill-of-lading', referenceNumber: `${SEA_CARRIER.scac}${this.runTag}${pad(this.masterSeq, 6)}` };
    const masterRef = `${this.yearDigit}${lane.loading.country}${carrier.identificationNumber.replace(/\D/g, '').slice(0, 9).padEnd(9, '0')}-M${this.runTag}${pad(this.masterSeq, 6)}`;
    const conveyance = air ? this.aircraft(carrier as (typeof AIR_CARRIERS)[number]) : this.vessel();
    const arrivalMs = departureMs + lane.transitMs;

    const truth: TruthRecord[] = [];
    const houses: House[] = [];
    while (houses.length < size && this.remaining > 0) {
      const k = Math.min(this.remaining, SPLIT_SIZES.pick(r));
      if (k >= 2 && r.chance(this.splitSlotProbability)) {
        houses.push(...this.splitGroup(lane, k));
      } else {
        houses.push(this.newHouse(lane, { late: air && r.chance(this.lateProbability) }));
      }
    }

    const houseDocType = air ? 'house-air-waybill' : 'house-bill-of-lading';
    const houseDocPrefix = air ? 'HLN' : 'PSL';
    const splitGroups = new Map<string, House[]>();
    let shipped = 0;
    for (const house of houses) {
      const story = new Story(house.ref);
      const houseDoc: TransportDocument = { type: houseDocType, referenceNumber: `${houseDocPrefix}${this.runTag}${pad(house.seq, 7)}` };
      // The parts of a split shipment leave the seller together: one pick-up, one consolidation.
      const shared = house.split ? this.splitClock.get(house.split.groupId) : undefined;
      const consolidatedMs = shared?.consolidatedMs ?? departureMs - (air ? this.span(2 * HOUR, 20 * HOUR) : this.span(24 * HOUR, 96 * HOUR));
      const pickedUpMs = shared?.pickedUpMs ?? consolidatedMs - this.span(3 * HOUR, 30 * HOUR);
      if (house.split && !shared) this.splitClock.set(house.split.groupId, { consolidatedMs, pickedUpMs, placedMs: Number.NaN });
      const t = this.preShipment(story, house, pickedUpMs, houseDoc, consolidator, lane);
      if (t === null) {
        this.commit(story);
        continue;
      }
      shipped++;
      story.add('ship.consignment.consolidated', consolidatedMs, this.who(consolidator), {
        transportDocument: houseDoc,
        masterConsignment: { transportDocument: masterDoc, consignmentRef: masterRef },
        consolidationPlace: placeLocation(lane.loading),
      });
      this.postArrival(story, house, arrivalMs, houseDoc, LAST_MILE_CARRIER);
      const lateAfterMs = house.flags.late ? departureMs + this.span(20 * MINUTE, 8 * HOUR) : undefined;
      const firstFiledMs = this.commit(story, lateAfterMs);
      if (house.flags.late) {
        house.truth.push({
          consignmentRef: house.ref,
          anomaly: 'late-filing',
          detail: {
            modeOfTransport: 'air',
            masterConsignmentRef: masterRef,
            masterWaybill: masterDoc.referenceNumber,
            departedAt: isoSeconds(departureMs),
            firstFiledAt: isoSeconds(firstFiledMs),
            lateByMinutes: Math.round((firstFiledMs - departureMs) / MINUTE),
          },
        });
      }
      if (house.split) splitGroups.set(house.split.groupId, [...(splitGroups.get(house.split.groupId) ?? []), house]);
    }
    this.addSplitTruth(splitGroups);
    this.splitClock.clear();

    if (shipped > 0) {
      const master = new Story(masterRef);
      const who = this.who(carrier);
      master.add('ship.consignment.departed', departureMs, who, {
        transportDocument: masterDoc,
        activeBorderTransportMeans: conveyance,
        countriesOfRouting: [...lane.routing],
        placeOfLoading: placeLocation(lane.loading),
        placeOfUnloading: placeLocation(lane.unloading),
        estimatedArrivalAt: isoSeconds(arrivalMs + this.span(0, 60 * MINUTE) - 30 * MINUTE),
      });
      master.add('ship.consignment.arrived', arrivalMs, who, arrivedPayload(masterDoc, conveyance, lane.unloading));
      this.commit(master);
    }
    for (const house of houses) truth.push(...house.truth);
    return truth;
  }

  // --- direct shipments (express, road, rail) -----------------------------------------------

  private buildDirect(lane: Lane, departureMs: number): TruthRecord[] {
    const r = this.random;
    const house = this.newHouse(lane, { late: false });
    const carrier =
      lane.mode === 'express'
        ? EXPRESS_CARRIER
        : lane.mode === 'rail'
          ? RAIL_CARRIER
          : (ROAD_CARRIERS.find((c) => c.country === lane.origin.code) ?? ROAD_CARRIERS[ROAD_CARRIERS.length - 1]);
    const doc: TransportDocument =
      lane.mode === 'express'
        ? { type: 'express-waybill', referenceNumber: `SPX${this.runTag}${pad(house.seq, 8)}` }
        : lane.mode === 'rail'
          ? { type: 'rail-consignment-note', referenceNumber: `CIM${this.runTag}${pad(house.seq, 7)}` }
          : { type: 'road-consignment-note', referenceNumber: `CMR${this.runTag}${pad(house.seq, 7)}` };
    const conveyance: Conveyance =
      lane.mode === 'express'
        ? {
            modeOfTransport: 'air',
            identificationNumber: `N${digits(r, 3)}${letters(r, 2)}`,
            nationality: 'US',
            conveyanceReferenceNumber: `${EXPRESS_CARRIER.designator}${r.int(100, 999)}`,
          }
        : lane.mode === 'rail'
          ? { modeOfTransport: 'rail', conveyanceReferenceNumber: `TRAIN-${this.runTag}-${pad(this.unitSeq, 6)}` }
          : {
              modeOfTransport: 'road',
              identificationNumber: fromTemplate((carrier as (typeof ROAD_CARRIERS)[number]).plate, r),
              nationality: carrier.country as Country,
              conveyanceReferenceNumber: `TRIP-${this.runTag}-${pad(this.unitSeq, 6)}`,
            };
    const deliverer = lane.mode === 'rail' ? LAST_MILE_CARRIER : carrier;
    const story = new Story(house.ref);
    const pickedUpMs = departureMs - this.span(2 * HOUR, 20 * HOUR);
    const arrivalMs = departureMs + lane.transitMs;
    const shipped = this.preShipment(story, house, pickedUpMs, doc, carrier, lane);
    if (shipped !== null) {
      const who = this.who(carrier);
      story.add('ship.consignment.departed', departureMs, who, {
        transportDocument: doc,
        activeBorderTransportMeans: conveyance,
        countriesOfRouting: [...lane.routing],
        placeOfLoading: placeLocation(lane.loading),
        placeOfUnloading: placeLocation(lane.unloading),
        estimatedArrivalAt: isoSeconds(arrivalMs + this.span(0, 2 * HOUR) - HOUR),
      });
      story.add('ship.consignment.arrived', arrivalMs, who, arrivedPayload(doc, conveyance, lane.unloading));
      this.postArrival(story, house, arrivalMs, doc, deliverer);
    }
    this.commit(story);
    return house.truth;
  }

  // --- a house consignment's story ----------------------------------------------------------

  /**
   * Orders, payments, booking, packing and pick-up, working back from the pick-up time. Returns
   * null when the order was cancelled (the story then ends with the cancellation and refund).
   */
  private preShipment(story: Story, house: House, pickedUpMs: number, houseDoc: TransportDocument, pickUpBy: SampleParticipant, lane: Lane): number | null {
    const r = this.random;
    const packedMs = pickedUpMs - this.span(HOUR, 12 * HOUR);
    const bookedMs = packedMs - this.span(10 * MINUTE, 10 * HOUR);
    const firstPlacedMs = house.split ? this.splitPlacedMs(house.split, pickedUpMs) : bookedMs - this.span(2 * HOUR, 72 * HOUR);
    const platformWho = this.who(house.orders[0].platform);

    let placedMs = firstPlacedMs;
    for (const [i, order] of house.orders.entries()) {
      if (i > 0) placedMs += this.span(10 * MINUTE, 60 * MINUTE);
      story.add('buy.order.placed', placedMs, platformWho, orderPayload(house, order, order.placedLines));
      let paidAfterMs = placedMs;
      if (order.change) {
        paidAfterMs = placedMs + this.span(5 * MINUTE, 60 * MINUTE);
        story.add('buy.order.changed', paidAfterMs, platformWho, {
          ...orderPayload(house, order, order.finalLines),
          amendmentNumber: 1,
          changeReason: order.change.reason,
        });
      }
      if (house.cancelled && r.chance(0.3)) {
        // Payment failed: cancelled before any money moved.
        story.add('buy.order.cancelled', paidAfterMs + this.span(5 * MINUTE, 2 * HOUR), platformWho, { orderId: order.orderId, cancellationReason: 'payment-failed' });
        return null;
      }
      order.paymentId = `PAY-${this.runTag}-${pad(++this.paymentSeq, 8)}`;
      order.instrument = INSTRUMENTS.pick(r);
      story.add('pay.payment.captured', paidAfterMs + this.span(5 * SECOND, 10 * MINUTE), platformWho, {
        orderId: order.orderId,
        paymentId: order.paymentId,
        amount: formatMinor(orderTotal(order)),
        currency: order.currency,
        instrumentType: order.instrument,
        payee: this.payee(house),
      });
      if (house.cancelled) {
        const cancelledMs = story.drafts[story.drafts.length - 1].occurredMs + this.span(30 * MINUTE, 24 * HOUR);
        story.add('buy.order.cancelled', cancelledMs, platformWho, {
          orderId: order.orderId,
          cancellationReason: r.pick(['buyer-request', 'out-of-stock', 'seller-request'] as const),
        });
        this.refund(story, house, order, cancelledMs + this.span(10 * MINUTE, 48 * HOUR), orderTotal(order), 'cancellation');
        return null;
      }
    }

    const lines = house.orders.flatMap((o) => o.finalLines.map((line, i) => ({ line, product: o.products[i] })));
    const itemGrams = lines.map(({ line, product }) => Math.max(1, line.quantity * Math.round(product.unitMassKg * 1000)));
    const totalGrams = sum(itemGrams) + r.int(80, 600);
    const units = sum(lines.map(({ line }) => line.quantity));
    const packages = Math.min(PACKAGE_COUNTS.pick(r), units);
    const acceptance: Location = { country: house.sellerParty.address.country, city: house.sellerParty.address.city };

    const bookedBy = lane.mode === 'air-consolidated' ? AIR_CONSOLIDATOR : lane.mode === 'sea-consolidated' ? SEA_CONSOLIDATOR : pickUpBy;
    story.add('ship.consignment.booked', bookedMs, this.who(bookedBy), {
      transportDocument: houseDoc,
      orderIds: house.orders.map((o) => o.orderId),
      consignor: house.sellerParty,
      consignee: house.buyerParty,
      totalGrossMass: totalGrams / 1000,
      numberOfPackages: packages,
      goods: lines.map(({ line }, i) => ({ description: line.description, hsCode: line.hsCode, grossMass: itemGrams[i] / 1000 })),
      placeOfAcceptance: acceptance,
      placeOfDelivery: { country: house.buyerParty.address.country, city: house.deliveryCity },
    });

    const packageGrams = splitGrams(totalGrams, packages, r);
    story.add('ship.consignment.packed', packedMs, house.seller.selfFulfils ? platformWho : this.who(FULFILMENT), {
      transportDocument: houseDoc,
      packages: packageGrams.map((grams, i) => ({ packageId: `${houseDoc.referenceNumber}-${i + 1}`, typeOfPackages: r.pick(PACKAGE_TYPES), grossMass: grams / 1000 })),
      totalGrossMass: totalGrams / 1000,
      packingFacility: house.seller.selfFulfils ? acceptance : placeLocation(lane.loading),
    });

    story.add('ship.consignment.picked-up', pickedUpMs, this.who(pickUpBy), {
      transportDocument: houseDoc,
      placeOfAcceptance: acceptance,
      numberOfPackages: packages,
    });
    return pickedUpMs;
  }

  /** Delivery (or a failed delivery), buyer returns and refunds after the goods arrived. */
  private postArrival(story: Story, house: House, arrivalMs: number, houseDoc: TransportDocument, deliverer: SampleParticipant): void {
    const r = this.random;
    const who = this.who(deliverer);
    const order = house.orders[0];
    const returnDestination: Location = { country: house.sellerParty.address.country, city: house.returnCity };
    // Returns and refunds only in clean consignments: the anomalies stay the only oddities.
    const roll = house.split || house.truth.length > 0 || house.flags.late ? 1 : r.float();
    if (roll < 0.015) {
      const returnedMs = arrivalMs + this.span(3 * DAY, 10 * DAY);
      story.add('ship.consignment.returned', returnedMs, who, {
        transportDocument: houseDoc,
        returnReason: r.pick(['refused-by-consignee', 'undeliverable-address', 'not-collected'] as const),
        returnDestination,
      });
      this.refund(story, house, order, returnedMs + this.span(DAY, 5 * DAY), orderTotal(order), 'return');
      return;
    }
    const deliveredMs = arrivalMs + this.span(18 * HOUR, 96 * HOUR);
    const outcome = DELIVERY_OUTCOMES.pick(r);
    const receivedBy =
      outcome === 'delivered-to-consignee'
        ? house.buyer.business || house.flags.watch
          ? undefined
          : `${house.buyer.firstName?.[0]}. ${house.buyer.lastName}`
        : outcome === 'delivered-to-neighbour'
          ? `${r.pick(house.buyer.destination.firstNames)} ${r.pick(house.buyer.destination.lastNames)}`
          : undefined;
    story.add('ship.consignment.delivered', deliveredMs, who, {
      transportDocument: houseDoc,
      deliveryOutcome: outcome,
      placeOfDelivery: { country: house.buyerParty.address.country, city: house.deliveryCity },
      ...(receivedBy ? { receivedBy } : {}),
      proofOfDeliveryReference: `POD-${this.runTag}-${pad(house.seq, 8)}`,
    });
    if (roll < 0.045) {
      const returnedMs = deliveredMs + this.span(2 * DAY, 20 * DAY);
      story.add('ship.consignment.returned', returnedMs, who, {
        transportDocument: houseDoc,
        returnReason: 'buyer-return',
        returnTransportDocument: { type: 'express-waybill', referenceNumber: `RTN${this.runTag}${pad(house.seq, 7)}` },
        returnDestination,
        relatedOrderId: order.orderId,
      });
      const line = r.pick(order.finalLines);
      this.refund(story, house, order, returnedMs + this.span(2 * DAY, 7 * DAY), order.finalLines.length === 1 ? orderTotal(order) : lineValue(line), 'return');
    } else if (roll < 0.055) {
      const amount = Math.max(1, Math.round(orderTotal(order) * r.between(0.1, 0.3)));
      this.refund(story, house, order, deliveredMs + this.span(DAY, 10 * DAY), amount, 'price-adjustment');
    }
  }

  private refund(story: Story, house: House, order: OrderDraft, atMs: number, amountMinor: number, reason: EventPayload<'pay.refund.issued', 1>['reason']): void {
    story.add('pay.refund.issued', atMs, this.who(order.platform), {
      orderId: order.orderId,
      refundId: `RF-${this.runTag}-${pad(++this.refundSeq, 8)}`,
      paymentId: order.paymentId as string,
      amount: formatMinor(Math.max(1, amountMinor)),
      currency: order.currency,
      instrumentType: order.instrument as InstrumentType,
      payee: { name: house.buyerParty.name, country: house.buyerParty.address.country },
      reason,
    });
  }

  private payee(house: House): Payee {
    const { seller, sellerParty } = house;
    if (seller.marketplaceCollects) {
      const e = seller.platform.paymentEntity;
      return { name: e.name, identificationNumber: e.identificationNumber, country: e.country as Country };
    }
    return sellerParty.identificationNumber
      ? { name: sellerParty.name, identificationNumber: sellerParty.identificationNumber, country: sellerParty.address.country }
      : { name: sellerParty.name, country: sellerParty.address.country };
  }

  // --- houses and anomalies -----------------------------------------------------------------

  private newHouseRef(sellerCountry: string, traderNumber: string): { ref: string; seq: number } {
    const seq = ++this.houseSeq;
    this.remaining--;
    return { ref: `${this.yearDigit}${sellerCountry}${traderNumber}-${this.runTag}${pad(seq, 7)}`, seq };
  }

  private newHouse(lane: Lane, opts: { late: boolean }): House {
    const r = this.random;
    const { anomalies } = this.options;
    const flags: HouseFlags = {
      late: opts.late,
      undervaluation: r.chance(this.undervaluationProbability),
      mismatch: r.chance(anomalies.descriptionHsMismatch),
      watch: r.chance(anomalies.watchListedParty) ? this.pickWatchListEntry(lane) : null,
    };
    const clean = !flags.late && !flags.undervaluation && !flags.mismatch && !flags.watch;
    const seller = this.parties.pickSeller(lane.origin, r);
    const buyer = this.parties.pickBuyer(lane.destination, r);
    const orderCount = r.chance(0.08) ? 2 : 1;
    const orders: OrderDraft[] = [];
    for (let i = 0; i < orderCount; i++) {
      orders.push(this.newOrder(seller, buyer, this.buildLines(seller, buyer, flags.undervaluation)));
    }
    if (clean && orderCount === 1 && r.chance(0.03)) this.amend(orders[0]);
    return this.finishHouse(seller, buyer, orders, flags, null, clean && r.chance(0.02));
  }

  /** k consignments from one seller to one buyer, each below the de minimis threshold, together above it. */
  private splitGroup(lane: Lane, k: number): House[] {
    const r = this.random;
    const groupId = `SPLIT-${this.runTag}-${pad(++this.splitSeq, 6)}`;
    const seller = this.parties.pickSeller(lane.origin, r);
    const buyer = this.parties.pickBuyer(lane.destination, r);
    const currency = lane.destination.currency;
    const threshold = fromEurCents(this.options.deMinimisEurCents, currency);
    const low = Math.max(0.35, 1.1 / k);
    const houses: House[] = [];
    for (let i = 0; i < k; i++) {
      const flags: HouseFlags = {
        late: lane.mode === 'air-consolidated' && r.chance(this.lateProbability),
        undervaluation: false,
        mismatch: r.chance(this.options.anomalies.descriptionHsMismatch),
        watch: null,
      };
      const targetMinor = Math.floor(threshold * r.between(low, 0.95));
      const order = this.newOrder(seller, buyer, this.linesForValue(seller, currency, targetMinor));
      houses.push(this.finishHouse(seller, buyer, [order], flags, { groupId, seller, buyer, targetMinor }, false));
    }
    return houses;
  }

  private finishHouse(seller: Seller, buyer: Buyer, orders: OrderDraft[], flags: HouseFlags, split: SplitContext | null, cancelled: boolean): House {
    const r = this.random;
    let sellerParty = seller.party;
    let buyerParty = buyer.party;
    let deliveryCity = buyer.city.name;
    let watchDetail: WatchListedPartyDetail | null = null;
    let traderNumber = seller.traderNumber;
    if (flags.watch) {
      const entry = flags.watch;
      const spelling = misspell(entry.name, r);
      const party: Party = {
        name: spelling.text,
        typeOfPerson: 'legal-person',
        address: { streetAndNumber: entry.streetAndNumber, city: entry.city, country: entry.country as Country },
      };
      if (entry.role === 'seller') {
        sellerParty = party;
        traderNumber = pad(Number(entry.id.replace(/\D/g, '')) * 7919, 9).slice(-9);
      } else {
        buyerParty = party;
        deliveryCity = entry.city;
      }
      watchDetail = { role: entry.role, watchListId: entry.id, listedName: entry.name, declaredName: spelling.text, edits: spelling.edits };
    }
    const { ref, seq } = this.newHouseRef(sellerParty.address.country, traderNumber);
    if (cancelled) this.cancelledHouses++;
    const house: House = {
      ref,
      seq,
      seller,
      buyer,
      sellerParty,
      buyerParty,
      deliveryCity,
      returnCity: sellerParty.address.city,
      orders,
      flags,
      split,
      truth: [],
      cancelled,
      watchDetail,
    };
    if (watchDetail) house.truth.push({ consignmentRef: ref, anomaly: 'watch-listed-party', detail: watchDetail });
    if (flags.mismatch) {
      const order = orders[0];
      const actual = order.products[0];
      const others = REFERENCE_PRODUCTS.filter((p) => p.chapter !== actual.chapter);
      // A cheaper product's code, as a misclassification to save duty would pick; keeping its
      // reference price at or below the real one avoids a spurious undervaluation signal.
      const cheaper = others.filter((p) => p.referenceUnitValueEurCents <= actual.referenceUnitValueEurCents);
      const wrong = cheaper.length > 0 ? r.pick(cheaper) : others.reduce((a, b) => (a.referenceUnitValueEurCents <= b.referenceUnitValueEurCents ? a : b));
      const replace = (lines: readonly GoodsLine[]) => lines.map((line, i) => (i === 0 ? { ...line, hsCode: wrong.hsCode } : line));
      (order as { placedLines: readonly GoodsLine[] }).placedLines = replace(order.placedLines);
      order.finalLines = replace(order.finalLines);
      house.truth.push({
        consignmentRef: ref,
        anomaly: 'description-hs-mismatch',
        detail: { orderId: order.orderId, lineIndex: 0, description: order.finalLines[0].description, declaredHsCode: wrong.hsCode, expectedHsCode: actual.hsCode },
      });
    }
    if (flags.undervaluation) {
      const lines: UndervaluedLine[] = orders.flatMap((order) =>
        order.finalLines.map((line, lineIndex) => {
          const reference = fromEurCents(order.products[lineIndex].referenceUnitValueEurCents, order.currency);
          return {
            orderId: order.orderId,
            lineIndex,
            hsCode: line.hsCode,
            declaredUnitValue: line.unitValue,
            referenceUnitValue: formatMinor(reference),
            currency: order.currency,
            ratio: Math.round((Math.round(Number(line.unitValue) * 100) / reference) * 1000) / 1000,
          };
        }),
      );
      house.truth.push({ consignmentRef: ref, anomaly: 'undervaluation', detail: { lines } });
    }
    return house;
  }

  private addSplitTruth(groups: ReadonlyMap<string, House[]>): void {
    for (const [groupId, members] of groups) {
      if (members.length < 2) continue;
      const { currency } = members[0].orders[0];
      const values = members.map((h) => sum(h.orders[0].finalLines.map(lineValue)));
      const threshold = fromEurCents(this.options.deMinimisEurCents, currency);
      for (const [i, house] of members.entries()) {
        house.truth.unshift({
          consignmentRef: house.ref,
          anomaly: 'split-shipment',
          detail: {
            groupId,
            consignmentRefs: members.map((m) => m.ref),
            sellerName: house.sellerParty.name,
            buyerName: house.buyerParty.name,
            currency,
            goodsValue: formatMinor(values[i]),
            totalGoodsValue: formatMinor(sum(values)),
            threshold: formatMinor(threshold),
            thresholdEur: formatMinor(this.options.deMinimisEurCents),
          },
        });
      }
    }
  }

  private pickWatchListEntry(lane: Lane): WatchListEntry {
    const sellers = watchListEntriesFor('seller', lane.origin.code);
    const buyers = watchListEntriesFor('buyer', lane.destination.code);
    if (sellers.length > 0 && (buyers.length === 0 || this.random.chance(0.6))) return this.random.pick(sellers);
    if (buyers.length > 0) return this.random.pick(buyers);
    return this.random.pick(WATCH_LIST.filter((e) => e.role === 'seller'));
  }

  /**
   * The split group's orders, minutes apart, all placed well before any of its bookings (which
   * fall at most 22 h before the shared pick-up).
   */
  private splitPlacedMs(split: SplitContext, pickedUpMs: number): number {
    const clock = this.splitClock.get(split.groupId) as { consolidatedMs: number; pickedUpMs: number; placedMs: number };
    clock.placedMs = Number.isNaN(clock.placedMs) ? pickedUpMs - 24 * HOUR - this.span(0, 20 * HOUR) : clock.placedMs + this.span(2 * MINUTE, 30 * MINUTE);
    return clock.placedMs;
  }

  private readonly splitClock = new Map<string, { consolidatedMs: number; pickedUpMs: number; placedMs: number }>();

  // --- orders and goods ---------------------------------------------------------------------

  private newOrder(seller: Seller, buyer: Buyer, built: { lines: GoodsLine[]; products: ReferenceProduct[] }): OrderDraft {
    const r = this.random;
    const currency = buyer.destination.currency;
    return {
      orderId: `${seller.platform.orderPrefix}-${this.runTag}-${pad(++this.orderSeq, 8)}`,
      platform: seller.platform,
      currency,
      placedLines: built.lines,
      finalLines: built.lines,
      products: built.products,
      shippingMinor: r.chance(0.5) ? 0 : charmPrice(fromEurCents(r.int(299, 1299), currency), r.chance(0.5)),
    };
  }

  private goodsLine(seller: Seller, product: ReferenceProduct, quantity: number, unitMinor: number, currency: OrderCurrency): GoodsLine {
    const r = this.random;
    const goodsFrom = seller.origin.goodsFrom;
    const origin = goodsFrom && r.chance(goodsFrom[1]) ? goodsFrom[0] : seller.origin.code;
    return {
      description: r.pick(product.descriptions),
      hsCode: product.hsCode,
      quantity,
      unitValue: formatMinor(unitMinor),
      currency,
      countryOfOrigin: origin as Country,
      productReference: `${product.sku}-${seller.traderNumber.slice(0, 5)}`,
    };
  }

  private buildLines(seller: Seller, buyer: Buyer, undervalue: boolean): { lines: GoodsLine[]; products: ReferenceProduct[] } {
    const r = this.random;
    const currency = buyer.destination.currency;
    const count = LINE_COUNTS.pick(r);
    const products: ReferenceProduct[] = [];
    for (let i = 0; i < count * 3 && products.length < count; i++) {
      const product = r.pick(PRODUCTS_BY_CATEGORY[seller.categories.pick(r)]);
      if (!products.includes(product)) products.push(product);
    }
    const lines = products.map((product) => {
      const reference = fromEurCents(product.referenceUnitValueEurCents, currency);
      const quantity = buyer.business ? r.int(5, 60) : product.referenceUnitValueEurCents >= 15_000 ? 1 : PERSON_QUANTITIES.pick(r);
      const unit = undervalue
        ? Math.max(1, Math.round(reference * r.between(0.05, 0.3)))
        : charmPrice(Math.round(reference * r.between(0.75, 1.35)), r.chance(0.5));
      return this.goodsLine(seller, product, quantity, unit, currency);
    });
    return { lines, products };
  }

  /** One line whose value is at most `targetMinor` (and within q cents of it), priced normally (0.8–1.3 × reference). */
  private linesForValue(seller: Seller, currency: OrderCurrency, targetMinor: number): { lines: GoodsLine[]; products: ReferenceProduct[] } {
    const r = this.random;
    const fits = (products: readonly ReferenceProduct[]) =>
      products.flatMap((product) => {
        const reference = fromEurCents(product.referenceUnitValueEurCents, currency);
        return [1, 2, 3].filter((q) => targetMinor / q >= reference * 0.8 && targetMinor / q <= reference * 1.3).map((q) => ({ product, q }));
      });
    const own = fits(seller.origin.categories.flatMap(([c]) => PRODUCTS_BY_CATEGORY[c]));
    const candidates = own.length > 0 ? own : fits(REFERENCE_PRODUCTS);
    const { product, q } = candidates.length > 0 ? r.pick(candidates) : { product: REFERENCE_PRODUCTS[0], q: 1 };
    const unit = Math.max(1, Math.floor(targetMinor / q));
    return { lines: [this.goodsLine(seller, product, q, unit, currency)], products: [product] };
  }

  /** An amendment before payment: the event carries the whole order as it now stands. */
  private amend(order: OrderDraft): void {
    const r = this.random;
    const lines = order.placedLines.map((l) => ({ ...l }));
    let reason: NonNullable<OrderDraft['change']>['reason'] = r.pick(['buyer-request', 'stock-adjustment', 'price-adjustment'] as const);
    if (reason === 'stock-adjustment' && lines.length > 1) {
      lines.pop();
      (order as { products: readonly ReferenceProduct[] }).products = order.products.slice(0, lines.length);
    } else if (reason === 'price-adjustment') {
      const unit = Math.round(Number(lines[0].unitValue) * 100);
      lines[0].unitValue = formatMinor(Math.max(1, Math.round(unit * r.between(0.88, 0.97))));
    } else {
      reason = 'buyer-request';
      lines[0].quantity += 1;
    }
    order.finalLines = lines;
    order.change = { reason };
  }

  // --- conveyances --------------------------------------------------------------------------

  private aircraft(carrier: (typeof AIR_CARRIERS)[number]): Conveyance {
    const r = this.random;
    return {
      modeOfTransport: 'air',
      identificationNumber: `${carrier.fleet.markPrefix}${letters(r, 3)}`,
      nationality: carrier.fleet.nationality as Country,
      conveyanceReferenceNumber: `${carrier.designator}${r.int(100, 9899)}`,
    };
  }

  private vessel(): Conveyance {
    const r = this.random;
    return {
      modeOfTransport: 'sea',
      identificationNumber: imoNumber(r),
      nationality: r.pick(VESSEL_FLAGS),
      conveyanceReferenceNumber: `${pad(r.int(1, 99), 3)}${r.pick(['W', 'E', 'N', 'S'])}`,
    };
  }
}

// --- pure helpers ---------------------------------------------------------------------------

function orderTotal(order: OrderDraft): number {
  return sum(order.finalLines.map(lineValue)) + order.shippingMinor;
}

function orderPayload(house: House, order: OrderDraft, lines: readonly GoodsLine[]): EventPayload<'buy.order.placed', 1> {
  const total = sum(lines.map(lineValue)) + order.shippingMinor;
  return {
    orderId: order.orderId,
    seller: house.sellerParty,
    buyer: house.buyerParty,
    goods: lines.map((l) => ({ ...l })),
    deliveryTerms: { incoterm: house.buyer.destination.eu ? 'DDP' : 'DAP', namedPlace: house.deliveryCity },
    orderTotal: { amount: formatMinor(total), currency: order.currency },
  };
}

function arrivedPayload(doc: TransportDocument, conveyance: Conveyance, unloading: Place): EventPayload<'ship.consignment.arrived', 1> {
  const office = CUSTOMS_OFFICES[unloading.unLocode];
  return office
    ? { transportDocument: doc, activeBorderTransportMeans: conveyance, placeOfUnloading: placeLocation(unloading), customsOfficeOfFirstEntry: office }
    : { transportDocument: doc, activeBorderTransportMeans: conveyance, placeOfUnloading: placeLocation(unloading) };
}

function placeLocation(place: Place): Location {
  return { unLocode: place.unLocode, country: place.country as Country, city: place.city };
}

function dedupe(route: readonly string[]): Country[] {
  return route.filter((c, i) => i === 0 || c !== route[i - 1]) as Country[];
}

/** Breadth-first search over ROAD_NEIGHBOURS (fixed neighbour order ⇒ a stable route). */
export function roadRoute(from: string, to: string): Country[] {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const here = queue.shift() as string;
    if (here === to) break;
    for (const next of ROAD_NEIGHBOURS[here] ?? []) {
      if (!previous.has(next)) {
        previous.set(next, here);
        queue.push(next);
      }
    }
  }
  if (!previous.has(to)) throw new Error(`sample-data bug: no road route ${from}→${to}`);
  const route: string[] = [];
  for (let at: string | null = to; at !== null; at = previous.get(at) ?? null) route.unshift(at);
  return route as Country[];
}

/**
 * Payloads share sub-objects (a seller's party record, a waybill, a conveyance) between events;
 * freezing them makes an in-place edit by a consumer fail loudly instead of silently changing
 * other events. Already-frozen objects (shared ones) are skipped.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Splits a mass into n positive parts (whole grams) that add up exactly. */
function splitGrams(total: number, n: number, random: Random): number[] {
  if (n === 1) return [total];
  const weights = Array.from({ length: n }, () => random.between(0.5, 1.5));
  const w = sum(weights);
  const parts = weights.map((x) => Math.max(1, Math.floor((total * x) / w)));
  parts[n - 1] = total - sum(parts.slice(0, -1));
  return parts;
}
