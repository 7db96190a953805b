import { PARTICIPANT_ID_PATTERN } from '@borderledger/events';
import { SAMPLE_PARTICIPANTS, type SubmitterRole } from '../reference/participants';
import type { AnomalyKind } from './types';

/** Share of consignments carrying each anomaly (0–1). */
export interface AnomalyRates {
  readonly undervaluation: number;
  readonly splitShipment: number;
  readonly descriptionHsMismatch: number;
  readonly watchListedParty: number;
  readonly lateFiling: number;
}

export interface ScenarioOptions {
  /** Same seed and options ⇒ identical output. A number and its decimal string are the same seed. */
  readonly seed: number | string;
  /** Number of house consignments (each with its orders, payments and shipment events). */
  readonly consignments: number;
  /** Earliest occurredAt of the data set; default 2026-01-05T00:00:00Z (a fixed date: never "now"). */
  readonly start?: string | Date;
  /** Consignments departing per day (sets the time span and the stream's working memory); default 500. */
  readonly consignmentsPerDay?: number;
  /** Anomaly rates; all 0 by default (clean data). */
  readonly anomalies?: Partial<AnomalyRates>;
  /** De minimis (duty relief) threshold for split shipments, in EUR; default 150 (the EU threshold). */
  readonly deMinimisEur?: number;
  /** Size of the seller population; default scales with `consignments`. */
  readonly sellers?: number;
  /** Size of the buyer population; default scales with `consignments`. */
  readonly buyers?: number;
  /** Rename submitters for a deployment seeded with other ids: { skyfreight: 'acme-air' }. */
  readonly participantIds?: Readonly<Record<string, string>>;
  /**
   * Submit every event of a role as one participant, for a network with one organisation per
   * role: { platform: 'shopwave', carrier: 'skyfreight', logistics: 'hubline' }. Wins over participantIds.
   */
  readonly submitterPerRole?: Readonly<Partial<Record<SubmitterRole, string>>>;
}

export const DEFAULT_START = '2026-01-05T00:00:00Z';
export const DEFAULT_CONSIGNMENTS_PER_DAY = 500;
export const DEFAULT_DE_MINIMIS_EUR = 150;

/** Shares of house consignments per way of shipping; the anomaly rates are checked against them. */
export const MODE_SHARES = {
  'air-consolidated': 0.55,
  express: 0.2,
  'sea-consolidated': 0.1,
  road: 0.12,
  rail: 0.03,
} as const;
export type ShippingMode = keyof typeof MODE_SHARES;

/** Late filing applies to consolidated air consignments, split shipments to consolidated ones. */
export const MAX_LATE_FILING_RATE = MODE_SHARES['air-consolidated'];
export const MAX_SPLIT_SHIPMENT_RATE = 0.5;

export const ANOMALY_RATE_KEYS: Readonly<Record<AnomalyKind, keyof AnomalyRates>> = {
  undervaluation: 'undervaluation',
  'split-shipment': 'splitShipment',
  'description-hs-mismatch': 'descriptionHsMismatch',
  'watch-listed-party': 'watchListedParty',
  'late-filing': 'lateFiling',
};

export const NO_ANOMALIES: AnomalyRates = {
  undervaluation: 0,
  splitShipment: 0,
  descriptionHsMismatch: 0,
  watchListedParty: 0,
  lateFiling: 0,
};

/** Bad generator options; `option` names the offending option. */
export class SampleDataOptionsError extends Error {
  readonly code = 'INVALID_SAMPLE_DATA_OPTIONS';
  readonly option: string;
  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = 'SampleDataOptionsError';
    this.option = option;
  }
}

export interface ResolvedOptions {
  readonly seedKey: string;
  readonly consignments: number;
  readonly startMs: number;
  readonly consignmentsPerDay: number;
  readonly anomalies: AnomalyRates;
  readonly deMinimisEurCents: number;
  readonly sellers: number;
  readonly buyers: number;
  readonly participantIds: ReadonlyMap<string, string>;
  readonly submitterPerRole: ReadonlyMap<SubmitterRole, string>;
}

const KNOWN_PARTICIPANTS = new Set(SAMPLE_PARTICIPANTS.map((p) => p.id));

function integerIn(option: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SampleDataOptionsError(option, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

function numberIn(option: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new SampleDataOptionsError(option, `must be a number from ${min} to ${max}`);
  }
  return value;
}

export function resolveOptions(options: ScenarioOptions): ResolvedOptions {
  const { seed } = options;
  if (!((typeof seed === 'number' && Number.isFinite(seed)) || (typeof seed === 'string' && seed.length > 0 && seed.length <= 200))) {
    throw new SampleDataOptionsError('seed', 'must be a finite number or a non-empty string of at most 200 characters');
  }
  const consignments = integerIn('consignments', options.consignments, 0, 100_000_000);

  const start = options.start ?? DEFAULT_START;
  const startMs = typeof start === 'string' ? Date.parse(start) : start instanceof Date ? start.getTime() : Number.NaN;
  if (!Number.isFinite(startMs)) throw new SampleDataOptionsError('start', 'must be an RFC 3339 date-time or a Date');

  const rates: Record<keyof AnomalyRates, number> = { ...NO_ANOMALIES };
  for (const [key, value] of Object.entries(options.anomalies ?? {})) {
    if (!(key in NO_ANOMALIES)) {
      throw new SampleDataOptionsError(`anomalies.${key}`, `unknown anomaly (known: ${Object.keys(NO_ANOMALIES).join(', ')})`);
    }
    rates[key as keyof AnomalyRates] = numberIn(`anomalies.${key}`, value, 0, 1);
  }
  if (rates.lateFiling > MAX_LATE_FILING_RATE) {
    throw new SampleDataOptionsError('anomalies.lateFiling', `cannot exceed ${MAX_LATE_FILING_RATE}, the share of consolidated air consignments`);
  }
  if (rates.splitShipment > MAX_SPLIT_SHIPMENT_RATE) {
    throw new SampleDataOptionsError('anomalies.splitShipment', `cannot exceed ${MAX_SPLIT_SHIPMENT_RATE}`);
  }

  const participantIds = new Map<string, string>();
  for (const [from, to] of Object.entries(options.participantIds ?? {})) {
    if (!KNOWN_PARTICIPANTS.has(from)) throw new SampleDataOptionsError(`participantIds.${from}`, 'is not a generator participant');
    if (typeof to !== 'string' || !PARTICIPANT_ID_PATTERN.test(to)) {
      throw new SampleDataOptionsError(`participantIds.${from}`, 'must be a participant id ([a-z0-9-], at most 64 characters)');
    }
    participantIds.set(from, to);
  }
  const submitterPerRole = new Map<SubmitterRole, string>();
  for (const [role, id] of Object.entries(options.submitterPerRole ?? {})) {
    if (role !== 'platform' && role !== 'carrier' && role !== 'logistics') {
      throw new SampleDataOptionsError(`submitterPerRole.${role}`, 'is not a submitter role (platform, carrier, logistics)');
    }
    if (typeof id !== 'string' || !PARTICIPANT_ID_PATTERN.test(id)) {
      throw new SampleDataOptionsError(`submitterPerRole.${role}`, 'must be a participant id ([a-z0-9-], at most 64 characters)');
    }
    submitterPerRole.set(role, id);
  }

  return {
    seedKey: String(seed),
    consignments,
    // Whole seconds: every timestamp is printed without fractions.
    startMs: Math.ceil(startMs / 1000) * 1000,
    consignmentsPerDay: numberIn('consignmentsPerDay', options.consignmentsPerDay ?? DEFAULT_CONSIGNMENTS_PER_DAY, 1, 10_000_000),
    anomalies: rates,
    deMinimisEurCents: Math.round(numberIn('deMinimisEur', options.deMinimisEur ?? DEFAULT_DE_MINIMIS_EUR, 10, 10_000) * 100),
    sellers: integerIn('sellers', options.sellers ?? Math.min(5_000, Math.max(40, Math.ceil(consignments / 12))), 1, 1_000_000),
    buyers: integerIn('buyers', options.buyers ?? Math.min(10_000_000, Math.max(400, consignments * 2)), 1, 10_000_000),
    participantIds,
    submitterPerRole,
  };
}

const ANOMALY_ALIASES: Readonly<Record<string, keyof AnomalyRates | 'all'>> = {
  all: 'all',
  undervaluation: 'undervaluation',
  under: 'undervaluation',
  split: 'splitShipment',
  'split-shipment': 'splitShipment',
  splitshipment: 'splitShipment',
  'hs-mismatch': 'descriptionHsMismatch',
  mismatch: 'descriptionHsMismatch',
  'description-hs-mismatch': 'descriptionHsMismatch',
  descriptionhsmismatch: 'descriptionHsMismatch',
  watchlist: 'watchListedParty',
  'watch-list': 'watchListedParty',
  'watch-listed-party': 'watchListedParty',
  watchlistedparty: 'watchListedParty',
  late: 'lateFiling',
  'late-filing': 'lateFiling',
  latefiling: 'lateFiling',
};

/**
 * Parses the CLI's anomaly switch: "undervaluation=0.02,split=0.01"; names are the truth labels,
 * the option keys or short aliases (split, hs-mismatch, watchlist, late); "all=0.01" sets every one.
 */
export function parseAnomalySpec(spec: string): Partial<AnomalyRates> {
  const rates: Partial<Record<keyof AnomalyRates, number>> = {};
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^([A-Za-z-]+)\s*=\s*([0-9]*\.?[0-9]+)$/.exec(part);
    if (!match) throw new SampleDataOptionsError('anomalies', `"${part}" is not name=rate`);
    const key = ANOMALY_ALIASES[match[1].toLowerCase()];
    if (!key) throw new SampleDataOptionsError('anomalies', `unknown anomaly "${match[1]}" (known: ${Object.keys(ANOMALY_ALIASES).join(', ')})`);
    const rate = numberIn(`anomalies.${match[1]}`, Number(match[2]), 0, 1);
    if (key === 'all') {
      for (const k of Object.keys(NO_ANOMALIES) as (keyof AnomalyRates)[]) rates[k] = rate;
    } else {
      rates[key] = rate;
    }
  }
  return rates;
}
