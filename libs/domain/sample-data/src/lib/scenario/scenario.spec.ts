import * as fc from 'fast-check';
import { CONSIGNMENT_REF_PATTERN } from '@borderledger/events';
import { byRef, ofType, storyProblems, validityProblems } from '../testing/scenario-checks.test-util';
import { DEFAULT_START, MAX_LATE_FILING_RATE, SampleDataOptionsError, type ScenarioOptions } from './options';
import { generateScenario, streamScenario } from './scenario';
import { SAMPLE_EVENT_TYPES } from './types';

const ALL_ANOMALIES = { undervaluation: 0.1, splitShipment: 0.1, descriptionHsMismatch: 0.1, watchListedParty: 0.1, lateFiling: 0.1 };

describe('generateScenario', () => {
  describe('reproducibility', () => {
    const options: ScenarioOptions = { seed: 42, consignments: 300, anomalies: ALL_ANOMALIES };

    it('gives byte-identical output for the same seed and options', () => {
      expect(JSON.stringify(generateScenario(options))).toBe(JSON.stringify(generateScenario(options)));
    });

    it('treats a number seed and its decimal string as the same seed', () => {
      expect(JSON.stringify(generateScenario({ ...options, seed: '42' }))).toBe(JSON.stringify(generateScenario(options)));
    });

    it('gives different data for different seeds, with different run tags in the references', () => {
      const a = generateScenario(options);
      const b = generateScenario({ ...options, seed: 43 });
      expect(a.summary.runTag).not.toBe(b.summary.runTag);
      expect(JSON.stringify(a.events.slice(0, 20))).not.toBe(JSON.stringify(b.events.slice(0, 20)));
      const refsA = new Set(a.events.map((e) => e.consignmentRef));
      expect(b.events.filter((e) => refsA.has(e.consignmentRef))).toEqual([]);
    });

    it('streams exactly what generateScenario returns, truth before the first event of its consignment', () => {
      const whole = generateScenario(options);
      const events = [];
      const truth = [];
      const firstEventIndex = new Map<string, number>();
      const truthIndex: number[] = [];
      for (const item of streamScenario(options)) {
        if (item.kind === 'event') {
          if (!firstEventIndex.has(item.event.consignmentRef)) firstEventIndex.set(item.event.consignmentRef, events.length);
          events.push(item.event);
        } else {
          truth.push(item.truth);
          truthIndex.push(events.length);
        }
      }
      expect(events).toEqual(whole.events);
      expect(truth).toEqual(whole.truth);
      truth.forEach((t, i) => expect(truthIndex[i]).toBeLessThanOrEqual(firstEventIndex.get(t.consignmentRef) ?? Number.POSITIVE_INFINITY));
    });
  });

  it('generates valid payloads, causal stories and consistent links for any seed and anomaly mix (property)', () => {
    const rate = fc.constantFrom(0, 0.05, 0.2, 0.5);
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.string({ minLength: 1, maxLength: 12 })),
        fc.integer({ min: 1, max: 60 }),
        fc.record({ undervaluation: rate, splitShipment: rate, descriptionHsMismatch: rate, watchListedParty: rate, lateFiling: rate }),
        (seed, consignments, anomalies) => {
          const scenario = generateScenario({ seed, consignments, anomalies });
          expect(validityProblems(scenario, Date.parse(DEFAULT_START))).toEqual([]);
          expect(storyProblems(scenario)).toEqual([]);
          expect(scenario.summary.consignments).toBe(consignments);
        },
      ),
      { numRuns: 40 },
    );
  });

  describe('a mid-size clean scenario', () => {
    const start = '2026-03-02T06:00:00Z';
    const scenario = generateScenario({ seed: 'mid-size', consignments: 3_000, start });
    const stories = byRef(scenario.events);
    const houses = [...stories.values()].filter((events) => events.some((e) => e.eventType === 'buy.order.placed'));

    it('has valid events and consistent stories', () => {
      expect(validityProblems(scenario, Date.parse(start))).toEqual([]);
      expect(storyProblems(scenario)).toEqual([]);
    });

    it('creates exactly the requested number of house consignments, and no truth without anomalies', () => {
      expect(houses).toHaveLength(3_000);
      expect(scenario.summary.consignments).toBe(3_000);
      expect(scenario.truth).toEqual([]);
      expect(scenario.summary.events).toBe(scenario.events.length);
    });

    it('emits every Buy, Pay and Ship event type', () => {
      for (const type of SAMPLE_EVENT_TYPES) expect(scenario.summary.eventsByType[type]).toBeGreaterThan(0);
      const counted = Object.values(scenario.summary.eventsByType).reduce((a, b) => a + b, 0);
      expect(counted).toBe(scenario.events.length);
    });

    it('spans many sellers, buyers, countries, currencies, HS chapters and modes of transport', () => {
      const placed = ofType(scenario.events, 'buy.order.placed').map((e) => e.payload);
      const distinct = (xs: string[]) => new Set(xs).size;
      expect(distinct(placed.map((o) => o.seller.name))).toBeGreaterThan(150);
      expect(distinct(placed.map((o) => o.buyer.name))).toBeGreaterThan(300);
      expect(distinct(placed.map((o) => o.seller.address.country))).toBeGreaterThanOrEqual(12);
      expect(distinct(placed.map((o) => o.buyer.address.country))).toBeGreaterThanOrEqual(12);
      expect(distinct(placed.flatMap((o) => o.goods.map((g) => g.currency)))).toBe(8);
      expect(distinct(placed.flatMap((o) => o.goods.map((g) => g.hsCode.slice(0, 2))))).toBeGreaterThanOrEqual(18);
      const modes = ofType(scenario.events, 'ship.consignment.departed').map((e) => e.payload.activeBorderTransportMeans.modeOfTransport);
      expect(new Set(modes)).toEqual(new Set(['air', 'sea', 'road', 'rail']));
    });

    it('keeps one seller, buyer and house waybill through each story, and the order parties on the booking', () => {
      for (const events of houses) {
        const placed = ofType(events, 'buy.order.placed');
        expect(new Set(placed.map((e) => JSON.stringify([e.payload.seller, e.payload.buyer]))).size).toBe(1);
      }
    });

    it('consolidates houses under master consignments whose departure and arrival carry the master waybill', () => {
      const consolidated = ofType(scenario.events, 'ship.consignment.consolidated');
      const masters = new Set(consolidated.map((e) => e.payload.masterConsignment.consignmentRef));
      expect(masters.size).toBe(scenario.summary.masterConsignments);
      expect(consolidated.length / masters.size).toBeGreaterThan(5);
      for (const ref of masters) {
        expect(ref).toMatch(CONSIGNMENT_REF_PATTERN);
        expect((stories.get(ref) ?? []).map((e) => e.eventType)).toEqual(['ship.consignment.departed', 'ship.consignment.arrived']);
      }
      const airMasters = ofType(scenario.events, 'ship.consignment.departed').filter((e) => e.payload.transportDocument.type === 'master-air-waybill');
      for (const e of airMasters) {
        // IATA air waybill: prefix, 7-digit serial, modulus-7 check digit.
        const [, serial, check] = /^\d{3}-(\d{7})(\d)$/.exec(e.payload.transportDocument.referenceNumber) ?? [];
        expect(Number(serial) % 7).toBe(Number(check));
      }
    });

    it('uses plausible timings: hours to days before departure, hours by air, weeks by sea', () => {
      for (const e of ofType(scenario.events, 'ship.consignment.departed')) {
        const arrival = ofType(stories.get(e.consignmentRef) ?? [], 'ship.consignment.arrived')[0];
        const hours = (Date.parse(arrival.occurredAt) - Date.parse(e.occurredAt)) / 3_600_000;
        const mode = e.payload.activeBorderTransportMeans.modeOfTransport;
        if (mode === 'air') expect(hours).toBeGreaterThanOrEqual(2);
        if (mode === 'air') expect(hours).toBeLessThanOrEqual(60);
        if (mode === 'sea') expect(hours / 24).toBeGreaterThanOrEqual(10);
        if (mode === 'sea') expect(hours / 24).toBeLessThanOrEqual(45);
      }
      for (const events of houses) {
        const placed = Date.parse(events[0].occurredAt);
        const booked = ofType(events, 'ship.consignment.booked')[0];
        if (booked) expect((Date.parse(booked.occurredAt) - placed) / 3_600_000).toBeLessThanOrEqual(75);
      }
    });

    it('prices goods around the reference prices and keeps most e-commerce orders small', () => {
      const totals = ofType(scenario.events, 'pay.payment.captured').map((e) => Number(e.payload.amount));
      totals.sort((a, b) => a - b);
      const median = totals[Math.floor(totals.length / 2)];
      expect(median).toBeGreaterThan(10);
      expect(median).toBeLessThan(400);
    });
  });

  it('streams lazily: the first events of a ten-million-consignment scenario come at once', () => {
    const started = Date.now();
    const stream = streamScenario({ seed: 7, consignments: 10_000_000 });
    let events = 0;
    for (const item of stream) {
      if (item.kind === 'event' && ++events === 2_000) break;
    }
    expect(events).toBe(2_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('renames submitters for deployments seeded with other participant ids', () => {
    const scenario = generateScenario({ seed: 5, consignments: 50, participantIds: { shopwave: 'acme-shop', hubline: 'acme-forwarding' } });
    const submitters = new Set(scenario.events.map((e) => e.submitter));
    expect(submitters.has('shopwave')).toBe(false);
    expect(submitters.has('hubline')).toBe(false);
    expect(submitters.has('acme-forwarding')).toBe(true);
  });

  it('freezes payloads: a consumer editing one in place cannot silently change the events that share its parties', () => {
    const [first] = generateScenario({ seed: 3, consignments: 5 }).events.filter((e) => e.eventType === 'buy.order.placed');
    const order = first.payload as { seller: { name: string } };
    expect(() => {
      order.seller.name = 'changed';
    }).toThrow(TypeError);
  });

  it('submits every event of a role as one participant when asked (one organisation per role)', () => {
    const scenario = generateScenario({ seed: 5, consignments: 80, submitterPerRole: { platform: 'shopwave', carrier: 'skyfreight', logistics: 'hubline' } });
    const byRole = new Map<string, Set<string>>();
    for (const e of scenario.events) byRole.set(e.submitterRole, (byRole.get(e.submitterRole) ?? new Set()).add(e.submitter));
    expect(Object.fromEntries([...byRole].map(([role, ids]) => [role, [...ids]]))).toEqual({ platform: ['shopwave'], carrier: ['skyfreight'], logistics: ['hubline'] });
  });

  it('generates nothing for zero consignments', () => {
    const scenario = generateScenario({ seed: 1, consignments: 0 });
    expect(scenario.events).toEqual([]);
    expect(scenario.summary.firstOccurredAt).toBeNull();
  });

  describe('option checks', () => {
    it.each<[string, Partial<ScenarioOptions>]>([
      ['consignments', { consignments: -1 }],
      ['consignments', { consignments: 1.5 }],
      ['seed', { seed: '' }],
      ['seed', { seed: Number.NaN }],
      ['start', { start: 'yesterday' }],
      ['consignmentsPerDay', { consignmentsPerDay: 0 }],
      ['anomalies.undervaluation', { anomalies: { undervaluation: 1.5 } }],
      ['anomalies.lateFiling', { anomalies: { lateFiling: MAX_LATE_FILING_RATE + 0.01 } }],
      ['anomalies.splitShipment', { anomalies: { splitShipment: 0.9 } }],
      ['anomalies.bogus', { anomalies: { bogus: 0.1 } as never }],
      ['deMinimisEur', { deMinimisEur: 1 }],
      ['participantIds.nobody', { participantIds: { nobody: 'x' } }],
      ['participantIds.shopwave', { participantIds: { shopwave: 'Not An Id' } }],
      ['submitterPerRole.customs', { submitterPerRole: { customs: 'customs-nl' } as never }],
    ])('rejects a bad %s before producing anything', (option, bad) => {
      const run = () => streamScenario({ seed: 1, consignments: 10, ...bad } as ScenarioOptions);
      expect(run).toThrow(SampleDataOptionsError);
      try {
        run();
      } catch (error) {
        expect((error as SampleDataOptionsError).option).toBe(option);
        expect((error as SampleDataOptionsError).code).toBe('INVALID_SAMPLE_DATA_OPTIONS');
      }
    });
  });
});
