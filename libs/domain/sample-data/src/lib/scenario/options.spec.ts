import { NO_ANOMALIES, SampleDataOptionsError, parseAnomalySpec, resolveOptions } from './options';

describe('parseAnomalySpec', () => {
  it('reads the CLI form with truth labels, option keys and short aliases', () => {
    expect(parseAnomalySpec('undervaluation=0.02,split=0.01')).toEqual({ undervaluation: 0.02, splitShipment: 0.01 });
    expect(parseAnomalySpec('description-hs-mismatch=.5, watchlist=0.1 ,late-filing=0')).toEqual({
      descriptionHsMismatch: 0.5,
      watchListedParty: 0.1,
      lateFiling: 0,
    });
    expect(parseAnomalySpec('splitShipment=0.2,hs-mismatch=0.3,late=0.1')).toEqual({ splitShipment: 0.2, descriptionHsMismatch: 0.3, lateFiling: 0.1 });
    expect(parseAnomalySpec('')).toEqual({});
  });

  it('sets every anomaly with all=, later entries overriding', () => {
    expect(parseAnomalySpec('all=0.01,late=0.03')).toEqual({ ...NO_ANOMALIES, undervaluation: 0.01, splitShipment: 0.01, descriptionHsMismatch: 0.01, watchListedParty: 0.01, lateFiling: 0.03 });
  });

  it.each(['undervaluation', 'bogus=0.1', 'split=abc', 'split=2', 'split=-0.1'])('rejects "%s"', (spec) => {
    expect(() => parseAnomalySpec(spec)).toThrow(SampleDataOptionsError);
  });
});

describe('resolveOptions', () => {
  it('fills defaults: fixed start (never now), 500 per day, EUR 150, no anomalies', () => {
    const resolved = resolveOptions({ seed: 9, consignments: 10 });
    expect(new Date(resolved.startMs).toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(resolved.consignmentsPerDay).toBe(500);
    expect(resolved.deMinimisEurCents).toBe(15_000);
    expect(resolved.anomalies).toEqual(NO_ANOMALIES);
    expect(resolved.seedKey).toBe('9');
  });

  it('rounds the start up to a whole second and accepts a Date', () => {
    expect(resolveOptions({ seed: 1, consignments: 1, start: new Date('2026-05-01T10:00:00.250Z') }).startMs).toBe(Date.parse('2026-05-01T10:00:01Z'));
  });
});
