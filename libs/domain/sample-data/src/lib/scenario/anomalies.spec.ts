// The ground truth must be right, or a risk engine scored against it is scored wrongly: every
// labelled anomaly is checked against the events themselves, and clean consignments are checked
// not to look anomalous.
import { referenceProductByHsCode, REFERENCE_PRODUCTS } from '../reference/products';
import { fromEurCents, parseMinor, type OrderCurrency } from '../reference/money';
import { WATCH_LIST } from '../reference/watch-list';
import { byRef, editDistance, ofType } from '../testing/scenario-checks.test-util';
import { generateScenario } from './scenario';
import type { AnomalyKind, GeneratedEvent, TruthRecord } from './types';

const RATE = 0.02;
const N = 20_000;
const scenario = generateScenario({
  seed: 'anomalies',
  consignments: N,
  anomalies: { undervaluation: RATE, splitShipment: RATE, descriptionHsMismatch: RATE, watchListedParty: RATE, lateFiling: RATE },
});
const stories = byRef(scenario.events);
function truthOf<K extends AnomalyKind>(kind: K): Extract<TruthRecord, { anomaly: K }>[] {
  return scenario.truth.filter((t): t is Extract<TruthRecord, { anomaly: K }> => t.anomaly === kind);
}
const labelled = new Set(scenario.truth.map((t) => t.consignmentRef));
const story = (ref: string): GeneratedEvent[] => stories.get(ref) ?? [];
const orderStates = (events: readonly GeneratedEvent[]) => {
  const latest = new Map<string, GeneratedEvent & { eventType: 'buy.order.placed' | 'buy.order.changed' }>();
  for (const e of events) if (e.eventType === 'buy.order.placed' || e.eventType === 'buy.order.changed') latest.set(e.payload.orderId, e);
  return [...latest.values()].map((e) => e.payload);
};
const goodsValue = (events: readonly GeneratedEvent[]) =>
  orderStates(events).reduce((s, o) => s + o.goods.reduce((v, g) => v + g.quantity * parseMinor(g.unitValue), 0), 0);
const referenceRatio = (hsCode: string, unitValue: string, currency: string) =>
  parseMinor(unitValue) / fromEurCents((referenceProductByHsCode(hsCode) ?? REFERENCE_PRODUCTS[0]).referenceUnitValueEurCents, currency as OrderCurrency);

describe('anomaly injection', () => {
  it.each<AnomalyKind>(['undervaluation', 'split-shipment', 'description-hs-mismatch', 'watch-listed-party', 'late-filing'])(
    'labels %s in about 2% of consignments (±25%)',
    (kind) => {
      const consignments = new Set(truthOf(kind).map((t) => t.consignmentRef)).size;
      expect(consignments).toBeGreaterThan(N * RATE * 0.75);
      expect(consignments).toBeLessThan(N * RATE * 1.25);
      expect(scenario.summary.anomalies[kind]).toBe(truthOf(kind).length);
    },
  );

  it('labels only consignments that exist in the stream', () => {
    for (const ref of labelled) expect(story(ref).some((e) => e.eventType === 'buy.order.placed')).toBe(true);
  });

  it('undervaluation: every labelled line is declared at 5–30% of its reference price, as the events show', () => {
    for (const t of truthOf('undervaluation')) {
      const orders = new Map(orderStates(story(t.consignmentRef)).map((o) => [o.orderId, o]));
      expect(t.detail.lines.length).toBeGreaterThan(0);
      for (const line of t.detail.lines) {
        const goods = orders.get(line.orderId)?.goods[line.lineIndex];
        expect(goods?.unitValue).toBe(line.declaredUnitValue);
        expect(goods?.hsCode).toBe(line.hsCode);
        expect(line.ratio).toBeGreaterThanOrEqual(0.04);
        expect(line.ratio).toBeLessThanOrEqual(0.31);
        expect(parseMinor(line.declaredUnitValue) / parseMinor(line.referenceUnitValue)).toBeCloseTo(line.ratio, 2);
      }
    }
  });

  it('clean consignments are priced between 0.6 and 1.45 times the reference price', () => {
    let lines = 0;
    for (const [ref, events] of stories) {
      if (labelled.has(ref)) continue;
      for (const order of orderStates(events)) {
        for (const g of order.goods) {
          const ratio = referenceRatio(g.hsCode, g.unitValue, g.currency);
          expect(ratio).toBeGreaterThanOrEqual(0.6);
          expect(ratio).toBeLessThanOrEqual(1.45);
          lines++;
        }
      }
    }
    expect(lines).toBeGreaterThan(N);
  });

  it('split shipments: one seller, one buyer, every part under the de minimis threshold, the group above it, ordered within a day', () => {
    const groups = new Map<string, string[]>();
    for (const t of truthOf('split-shipment')) groups.set(t.detail.groupId, [...(groups.get(t.detail.groupId) ?? []), t.consignmentRef]);
    expect(groups.size).toBeGreaterThan(50);
    for (const t of truthOf('split-shipment')) {
      const members = groups.get(t.detail.groupId) ?? [];
      expect([...members].sort()).toEqual([...t.detail.consignmentRefs].sort());
      expect(members.length).toBeGreaterThanOrEqual(2);
      const placed = members.map((ref) => ofType(story(ref), 'buy.order.placed')[0]);
      expect(new Set(placed.map((e) => JSON.stringify(e.payload.buyer))).size).toBe(1);
      expect(new Set(placed.map((e) => JSON.stringify(e.payload.seller))).size).toBe(1);
      const threshold = parseMinor(t.detail.threshold);
      expect(fromEurCents(parseMinor(t.detail.thresholdEur), t.detail.currency as OrderCurrency)).toBe(threshold);
      const values = members.map((ref) => goodsValue(story(ref)));
      for (const v of values) expect(v).toBeLessThan(threshold);
      expect(values.reduce((a, b) => a + b, 0)).toBeGreaterThan(threshold);
      expect(parseMinor(t.detail.totalGoodsValue)).toBe(values.reduce((a, b) => a + b, 0));
      const times = placed.map((e) => Date.parse(e.occurredAt));
      expect(Math.max(...times) - Math.min(...times)).toBeLessThan(24 * 3_600_000);
    }
  });

  it('description vs HS code: the description names goods of another HS chapter than the declared code', () => {
    for (const t of truthOf('description-hs-mismatch')) {
      const order = orderStates(story(t.consignmentRef)).find((o) => o.orderId === t.detail.orderId);
      const line = order?.goods[t.detail.lineIndex];
      expect(line?.hsCode).toBe(t.detail.declaredHsCode);
      expect(line?.description).toBe(t.detail.description);
      const actual = REFERENCE_PRODUCTS.find((p) => p.descriptions.includes(t.detail.description));
      expect(actual?.hsCode).toBe(t.detail.expectedHsCode);
      expect(t.detail.declaredHsCode.slice(0, 2)).not.toBe(t.detail.expectedHsCode.slice(0, 2));
      const booked = ofType(story(t.consignmentRef), 'ship.consignment.booked')[0];
      expect(booked.payload.goods.some((g) => g.description === t.detail.description && g.hsCode === t.detail.declaredHsCode)).toBe(true);
    }
  });

  it('clean consignments describe goods that belong under their HS codes', () => {
    for (const [ref, events] of stories) {
      if (labelled.has(ref)) continue;
      for (const order of orderStates(events)) {
        for (const g of order.goods) expect(referenceProductByHsCode(g.hsCode)?.descriptions).toContain(g.description);
      }
    }
  });

  it('watch-listed parties: the events carry a slight misspelling of a listed name; no other party comes close to the list', () => {
    for (const t of truthOf('watch-listed-party')) {
      const placed = ofType(story(t.consignmentRef), 'buy.order.placed')[0].payload;
      const booked = ofType(story(t.consignmentRef), 'ship.consignment.booked')[0].payload;
      const party = t.detail.role === 'seller' ? placed.seller : placed.buyer;
      expect(party.name).toBe(t.detail.declaredName);
      expect((t.detail.role === 'seller' ? booked.consignor : booked.consignee).name).toBe(t.detail.declaredName);
      expect(t.detail.declaredName).not.toBe(t.detail.listedName);
      expect(editDistance(t.detail.declaredName, t.detail.listedName)).toBeLessThanOrEqual(4);
      expect(WATCH_LIST.find((w) => w.id === t.detail.watchListId)?.name).toBe(t.detail.listedName);
    }
    const listed = WATCH_LIST.map((w) => w.name.toLowerCase());
    const others = new Set<string>();
    for (const [ref, events] of stories) {
      if (labelled.has(ref)) continue;
      for (const o of orderStates(events)) others.add(o.seller.name.toLowerCase()).add(o.buyer.name.toLowerCase());
    }
    // The length difference bounds the edit distance from below: only nearby lengths need the full computation.
    const close = [...others].flatMap((name) => listed.filter((w) => Math.abs(w.length - name.length) <= 8 && editDistance(name, w) <= 8).map((w) => `${name} ~ ${w}`));
    expect(close).toEqual([]);
  });

  it('late filing: every house-level event was filed after the flight left; all other air houses filed before loading', () => {
    const late = new Set(truthOf('late-filing').map((t) => t.consignmentRef));
    for (const t of truthOf('late-filing')) {
      const departed = ofType(story(t.detail.masterConsignmentRef), 'ship.consignment.departed')[0];
      expect(departed.occurredAt).toBe(t.detail.departedAt);
      expect(departed.payload.transportDocument.referenceNumber).toBe(t.detail.masterWaybill);
      expect(departed.payload.activeBorderTransportMeans.modeOfTransport).toBe('air');
      const before = story(t.consignmentRef).filter((e) => Date.parse(e.occurredAt) < Date.parse(t.detail.departedAt));
      expect(before.length).toBeGreaterThanOrEqual(6);
      expect(before[0].submittedAt).toBe(t.detail.firstFiledAt);
      for (const e of before) expect(Date.parse(e.submittedAt)).toBeGreaterThan(Date.parse(t.detail.departedAt));
      expect(t.detail.lateByMinutes).toBeGreaterThanOrEqual(20);
    }
    let onTime = 0;
    for (const c of ofType(scenario.events, 'ship.consignment.consolidated')) {
      if (late.has(c.consignmentRef) || c.payload.masterConsignment.transportDocument.type !== 'master-air-waybill') continue;
      const departedAt = Date.parse(ofType(story(c.payload.masterConsignment.consignmentRef), 'ship.consignment.departed')[0].occurredAt);
      for (const e of story(c.consignmentRef)) if (Date.parse(e.occurredAt) < departedAt) expect(Date.parse(e.submittedAt)).toBeLessThan(departedAt);
      onTime++;
    }
    expect(onTime).toBeGreaterThan(N / 3);
  });
});
