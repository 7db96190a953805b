// Public API of @borderledger/sample-data: a seeded generator of realistic Buy-Ship-Pay event
// streams with labelled anomalies (ground truth for scoring a risk engine). Pure domain code:
// no I/O, no Node-only APIs. See docs/sample-data.md.

export { generateScenario, streamScenario } from './lib/scenario/scenario';
export type { AnomalyRates, ScenarioOptions, ShippingMode } from './lib/scenario/options';
export {
  DEFAULT_CONSIGNMENTS_PER_DAY,
  DEFAULT_DE_MINIMIS_EUR,
  DEFAULT_START,
  MAX_LATE_FILING_RATE,
  MAX_SPLIT_SHIPMENT_RATE,
  MODE_SHARES,
  NO_ANOMALIES,
  SampleDataOptionsError,
  parseAnomalySpec,
} from './lib/scenario/options';
export type {
  AnomalyKind,
  DescriptionHsMismatchDetail,
  GeneratedEvent,
  GeneratedEventOf,
  LateFilingDetail,
  SampleEventType,
  Scenario,
  ScenarioItem,
  ScenarioSummary,
  SplitShipmentDetail,
  TruthRecord,
  UndervaluationDetail,
  UndervaluedLine,
  WatchListedPartyDetail,
} from './lib/scenario/types';
export { ANOMALY_KINDS, SAMPLE_EVENT_TYPES, SAMPLE_SCHEMA_VERSION } from './lib/scenario/types';
export type { SpellingEdit } from './lib/scenario/misspell';
export { SPELLING_EDITS } from './lib/scenario/misspell';

// Reference data the ground truth is defined against (a risk engine scored on generated data
// reads its reference prices, conversion rates and watch list from here).
export type { ProductCategory, ReferenceProduct } from './lib/reference/products';
export { PRODUCT_CATEGORIES, REFERENCE_PRODUCTS, referenceProductByHsCode } from './lib/reference/products';
export type { OrderCurrency } from './lib/reference/money';
export { EUR_CONVERSION_RATES, ORDER_CURRENCIES, fromEurCents, toEurCents } from './lib/reference/money';
export type { WatchListEntry, WatchListRole } from './lib/reference/watch-list';
export { WATCH_LIST } from './lib/reference/watch-list';
export type { SampleParticipant, SubmitterRole } from './lib/reference/participants';
export { SAMPLE_PARTICIPANTS } from './lib/reference/participants';

// The seeded PRNG, for tests and tools that need the same reproducibility guarantees.
export type { Random } from './lib/random/prng';
export { Sfc32, WeightedTable, cyrb128 } from './lib/random/prng';
