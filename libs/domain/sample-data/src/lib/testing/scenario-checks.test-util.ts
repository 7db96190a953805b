// Checks over a generated scenario, shared by the specs. Each returns human-readable problems
// (an empty list means the property holds), so a failing test prints what went wrong.
import {
  CONSIGNMENT_REF_PATTERN,
  UUID_V7_PATTERN,
  getEventDefinition,
  validatePayload,
  type EventPayload,
} from '@borderledger/events';
import type { GeneratedEvent, GeneratedEventOf, SampleEventType, Scenario } from '../scenario/types';

export function byRef(events: readonly GeneratedEvent[]): Map<string, GeneratedEvent[]> {
  const out = new Map<string, GeneratedEvent[]>();
  for (const e of events) {
    const list = out.get(e.consignmentRef);
    if (list) list.push(e);
    else out.set(e.consignmentRef, [e]);
  }
  return out;
}

export function ofType<T extends SampleEventType>(events: readonly GeneratedEvent[], type: T): GeneratedEventOf<T>[] {
  return events.filter((e): e is GeneratedEventOf<T> & GeneratedEvent => e.eventType === type) as GeneratedEventOf<T>[];
}

const ms = (iso: string) => Date.parse(iso);

/** Every payload validates, envelopes-to-be are well-formed, the stream is ordered by submission. */
export function validityProblems(scenario: Scenario, startMs: number): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  let previousSubmitted = Number.NEGATIVE_INFINITY;
  for (const [i, e] of scenario.events.entries()) {
    const where = `#${i} ${e.eventType} ${e.consignmentRef}`;
    const result = validatePayload(e.eventType, e.payload, e.schemaVersion);
    if (!result.ok) problems.push(`${where}: ${result.issues.map((x) => `${x.path} [${x.rule}] ${x.message}`).join('; ')}`);
    if (!CONSIGNMENT_REF_PATTERN.test(e.consignmentRef)) problems.push(`${where}: bad consignment reference`);
    if (!getEventDefinition(e.eventType).emitterRoles.includes(e.submitterRole)) problems.push(`${where}: role ${e.submitterRole} may not emit it`);
    if (!UUID_V7_PATTERN.test(e.eventId) || ids.has(e.eventId)) problems.push(`${where}: bad or duplicate event id ${e.eventId}`);
    ids.add(e.eventId);
    if (Number.parseInt(e.eventId.replace(/-/g, '').slice(0, 12), 16) !== ms(e.submittedAt)) problems.push(`${where}: event id time ≠ submittedAt`);
    const occurred = ms(e.occurredAt);
    const submitted = ms(e.submittedAt);
    if (!(occurred <= submitted)) problems.push(`${where}: occurred after it was submitted`);
    if (occurred < startMs) problems.push(`${where}: occurred before the start`);
    if (submitted < previousSubmitted) problems.push(`${where}: stream not ordered by submittedAt`);
    previousSubmitted = submitted;
  }
  return problems;
}

const SHIP_RANK: Partial<Record<SampleEventType, number>> = {
  'ship.consignment.booked': 0,
  'ship.consignment.packed': 1,
  'ship.consignment.picked-up': 2,
  'ship.consignment.consolidated': 3,
  'ship.consignment.departed': 4,
  'ship.consignment.arrived': 5,
  'ship.consignment.delivered': 6,
  'ship.consignment.returned': 7,
};

type OrderState = EventPayload<'buy.order.placed', 1>;

/** Per consignment: events in causal order, and every link (orders, payments, waybills, parties, master) consistent. */
export function storyProblems(scenario: Scenario): string[] {
  const problems: string[] = [];
  const stories = byRef(scenario.events);
  const orderHome = new Map<string, string>();
  for (const [ref, events] of stories) {
    const p = (msg: string) => problems.push(`${ref}: ${msg}`);
    for (let i = 1; i < events.length; i++) {
      if (ms(events[i].occurredAt) < ms(events[i - 1].occurredAt)) p(`${events[i].eventType} occurs before ${events[i - 1].eventType}`);
      if (ms(events[i].submittedAt) <= ms(events[i - 1].submittedAt)) p(`submissions not strictly increasing at ${events[i].eventType}`);
    }
    // Master consignments have only their conveyance's departure and arrival.
    const isMaster = !events.some((e) => e.eventType !== 'ship.consignment.departed' && e.eventType !== 'ship.consignment.arrived');
    if (isMaster) {
      if (events.map((e) => e.eventType).join() !== 'ship.consignment.departed,ship.consignment.arrived') p(`master story is ${events.map((e) => e.eventType).join()}`);
      continue;
    }

    // Buy and Pay: per order, placed → changed → captured → cancelled → refunds.
    const orders = new Map<string, OrderState>();
    const payments = new Map<string, string>();
    let shipRank = -1;
    let booked: GeneratedEventOf<'ship.consignment.booked'> | undefined;
    for (const e of events) {
      const rank = SHIP_RANK[e.eventType];
      if (rank !== undefined) {
        if (rank < shipRank) p(`${e.eventType} after a later shipment step`);
        shipRank = Math.max(shipRank, rank);
      }
      switch (e.eventType) {
        case 'buy.order.placed':
          if (orders.has(e.payload.orderId)) p(`order ${e.payload.orderId} placed twice`);
          if (orderHome.has(e.payload.orderId)) p(`order ${e.payload.orderId} also in ${orderHome.get(e.payload.orderId)}`);
          orderHome.set(e.payload.orderId, ref);
          if (shipRank >= 0) p('order placed after booking');
          orders.set(e.payload.orderId, e.payload);
          break;
        case 'buy.order.changed': {
          if (!orders.has(e.payload.orderId) || payments.has(e.payload.orderId)) p('order changed out of sequence');
          orders.set(e.payload.orderId, { ...e.payload });
          break;
        }
        case 'pay.payment.captured': {
          const order = orders.get(e.payload.orderId);
          if (!order) p(`payment for unknown order ${e.payload.orderId}`);
          else if (order.orderTotal?.amount !== e.payload.amount || order.orderTotal?.currency !== e.payload.currency) p(`payment ${e.payload.amount} ≠ order total ${order.orderTotal?.amount}`);
          payments.set(e.payload.orderId, e.payload.paymentId);
          break;
        }
        case 'buy.order.cancelled':
          if (!orders.has(e.payload.orderId)) p('cancelled an unknown order');
          if (shipRank >= 0) p('order cancelled after booking');
          break;
        case 'pay.refund.issued':
          if (payments.get(e.payload.orderId) !== e.payload.paymentId) p(`refund ${e.payload.refundId} names payment ${e.payload.paymentId}`);
          break;
        case 'ship.consignment.booked': {
          booked = e;
          const ids = [...orders.keys()];
          if (e.payload.orderIds.join() !== ids.join()) p(`booked orders ${e.payload.orderIds.join()} ≠ placed ${ids.join()}`);
          for (const id of ids) if (!payments.has(id)) p(`booked before payment of ${id}`);
          const first = orders.get(ids[0]);
          if (first && (JSON.stringify(first.seller) !== JSON.stringify(e.payload.consignor) || JSON.stringify(first.buyer) !== JSON.stringify(e.payload.consignee))) {
            p('consignor/consignee differ from the order parties');
          }
          const lines = [...orders.values()].flatMap((o) => o.goods.map((g) => `${g.description}|${g.hsCode}`));
          const items = e.payload.goods.map((g) => `${g.description}|${g.hsCode}`);
          if (lines.join() !== items.join()) p('booked goods differ from the order lines');
          break;
        }
        default:
          break;
      }
    }
    if (orders.size === 0) p('no order');
    const shipping = events.filter((e) => e.eventType.startsWith('ship.'));
    if (shipping.length > 0) {
      if (!booked) {
        p('shipment events without a booking');
        continue;
      }
      const houseDoc = JSON.stringify(booked.payload.transportDocument);
      for (const e of shipping) {
        const doc = JSON.stringify((e.payload as { transportDocument: unknown }).transportDocument);
        const consolidated = scenarioHasMaster(events);
        const mustBeHouse = !(consolidated && (e.eventType === 'ship.consignment.departed' || e.eventType === 'ship.consignment.arrived'));
        if (mustBeHouse && doc !== houseDoc) p(`${e.eventType} carries waybill ${doc}, booking has ${houseDoc}`);
      }
      for (const e of ofType(events, 'ship.consignment.delivered')) {
        if (e.payload.placeOfDelivery.country !== booked.payload.consignee.address.country) p('delivered to another country than the consignee’s');
      }
    }
  }

  // Houses and their master consignment.
  for (const c of ofType(scenario.events, 'ship.consignment.consolidated')) {
    const master = stories.get(c.payload.masterConsignment.consignmentRef) ?? [];
    const departed = ofType(master, 'ship.consignment.departed')[0];
    const arrived = ofType(master, 'ship.consignment.arrived')[0];
    const where = `${c.consignmentRef} → ${c.payload.masterConsignment.consignmentRef}`;
    if (!departed || !arrived) {
      problems.push(`${where}: master has no departure/arrival`);
      continue;
    }
    if (JSON.stringify(departed.payload.transportDocument) !== JSON.stringify(c.payload.masterConsignment.transportDocument)) problems.push(`${where}: master waybill differs`);
    if (!(ms(c.occurredAt) < ms(departed.occurredAt))) problems.push(`${where}: consolidated after departure`);
    if (departed.payload.placeOfLoading.unLocode !== c.payload.consolidationPlace?.unLocode) problems.push(`${where}: loaded elsewhere than consolidated`);
    const house = stories.get(c.consignmentRef) ?? [];
    for (const d of [...ofType(house, 'ship.consignment.delivered'), ...ofType(house, 'ship.consignment.returned')]) {
      if (!(ms(d.occurredAt) > ms(arrived.occurredAt))) problems.push(`${where}: ${d.eventType} before the master arrived`);
    }
  }
  return problems;
}

function scenarioHasMaster(events: readonly GeneratedEvent[]): boolean {
  return events.some((e) => e.eventType === 'ship.consignment.consolidated');
}

/** Levenshtein distance (insert, delete, substitute), case-sensitive. */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[y.length];
}
