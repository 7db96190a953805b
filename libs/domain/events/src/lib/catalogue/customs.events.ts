// Government process: customs decisions, signed by the customs administration's node and
// written back onto the same ledger so the parties they concern see them.
import * as z from 'zod';
import { ICS2_REFERRALS, SELECTIVITY_LANES } from '../schema/codes';
import { field } from '../schema/field-meta';
import { customsOffice, dateTime, reference, ruleId, text, transportDocument } from '../schema/primitives';

export const MAX_RISK_HITS = 16;
export const MAX_REQUESTED_ITEMS = 8;

export const RISK_INDICATORS = [
  'undervaluation',
  'description-hs-mismatch',
  'split-shipment',
  'high-risk-route',
  'high-risk-origin',
  'watch-listed-party',
  'late-filing',
  'random-selection',
  'other',
] as const;

const concernedTransportDocument = field(transportDocument, {
  description: 'Transport document (waybill) the decision concerns, as filed',
  cluster: 'references',
  wco: 'Consignment.TransportContractDocument',
  ics2: 'Transport document (house level) / (master level)',
});

const decisionId = (what: string) =>
  field(reference(), { description: `Customs reference of this ${what}`, cluster: 'references' });

const office = field(customsOffice, {
  description: 'Customs office that took the decision',
  cluster: 'customs-results',
  wco: 'Declaration.DeclarationOffice.ID',
}).optional();

const lane = field(z.enum(SELECTIVITY_LANES), {
  description: 'Selectivity lane: green = release, yellow = documentary check, red = physical check, blue = post-clearance audit',
  cluster: 'customs-results',
  typeLabel: 'enum (ASYCUDA-style lane)',
});

const riskHit = z.strictObject({
  ruleId: field(ruleId, { description: 'Risk rule that fired' }),
  ruleVersion: field(z.int().min(1).max(1_000_000), { description: 'Version of the rule', typeLabel: 'integer ≥ 1' }),
  indicator: field(z.enum(RISK_INDICATORS), { description: 'Risk indicator family of the rule', typeLabel: 'enum' }),
  weight: field(z.number().min(0).max(100), { description: 'Contribution of this hit to the score (0–100)', typeLabel: 'number 0–100' }),
  explanation: field(text(512), { description: 'Why the rule fired, in words an analyst can check' }),
});

export const riskAssessedV1 = z.strictObject({
  assessmentId: decisionId('risk assessment'),
  transportDocument: concernedTransportDocument.optional(),
  score: field(z.number().min(0).max(100), {
    description: 'Risk score 0 (no risk) – 100',
    cluster: 'customs-results',
    typeLabel: 'number 0–100',
  }),
  lane,
  referral: field(z.enum(ICS2_REFERRALS), {
    description: 'ICS2 referral outcome: assessment complete (approved to load), request for information, request for screening, request for amendment, do not load',
    cluster: 'customs-results',
    typeLabel: 'enum (ICS2 referral)',
  }),
  randomlySelected: field(z.boolean(), {
    description: 'True when the lane comes from random selection rather than the score (keeps control unpredictable)',
    cluster: 'customs-results',
    typeLabel: 'boolean',
  }),
  hits: field(z.array(field(riskHit, { description: 'One rule hit' })).min(1).max(MAX_RISK_HITS), {
    description: `Rule hits that explain the score (1–${MAX_RISK_HITS})`,
    cluster: 'customs-results',
  }).optional(),
  rulesetVersion: field(ruleId, { description: 'Version label of the ruleset that scored the consignment', cluster: 'customs-results' }),
  customsOffice: office,
});

export const RFI_TOPICS = [
  'goods-description',
  'commodity-code',
  'consignor-identity',
  'consignee-identity',
  'commercial-invoice',
  'value',
  'other',
] as const;

const requestedItem = z.strictObject({
  topic: field(z.enum(RFI_TOPICS), { description: 'What the information is about', typeLabel: 'enum' }),
  text: field(text(512), { description: 'What exactly customs asks for' }),
});

export const rfiIssuedV1 = z.strictObject({
  referralId: decisionId('request for information'),
  transportDocument: concernedTransportDocument,
  requestedInformation: field(z.array(field(requestedItem, { description: 'One requested item' })).min(1).max(MAX_REQUESTED_ITEMS), {
    description: `ICS2 Request for Information: the items requested (1–${MAX_REQUESTED_ITEMS})`,
    cluster: 'customs-results',
  }),
  responseDueAt: field(dateTime, { description: 'Deadline for the answer', cluster: 'customs-results' }).optional(),
  customsOffice: office,
});

export const HOLD_REASONS = [
  'documentary-check',
  'physical-inspection',
  'screening',
  'pending-information',
  'valuation-query',
  'prohibitions-restrictions',
  'other',
] as const;

export const holdPlacedV1 = z.strictObject({
  holdId: decisionId('hold'),
  transportDocument: concernedTransportDocument,
  reason: field(z.enum(HOLD_REASONS), { description: 'Why the goods are held', cluster: 'customs-results', typeLabel: 'enum' }),
  lane: lane.optional(),
  reasonText: field(text(512), { description: 'Explanation for the parties concerned', cluster: 'customs-results' }).optional(),
  customsOffice: office,
});

export const doNotLoadIssuedV1 = z.strictObject({
  referralId: decisionId('do-not-load referral'),
  transportDocument: field(transportDocument, {
    description: 'Air waybill (house or master) that must not be loaded',
    cluster: 'references',
    ics2: 'Transport document (house level) / (master level)',
  }),
  reasonText: field(text(512), {
    description: 'Instructions for the carrier (the threat details stay with the authorities)',
    cluster: 'customs-results',
  }).optional(),
  customsOffice: office,
});

export const RELEASE_CONTROL_RESULTS = [
  'no-control',
  'documentary-check-satisfactory',
  'physical-check-satisfactory',
  'released-after-information',
  'post-clearance-audit-scheduled',
] as const;

export const releaseGrantedV1 = z.strictObject({
  releaseId: decisionId('release'),
  transportDocument: concernedTransportDocument,
  lane,
  controlResult: field(z.enum(RELEASE_CONTROL_RESULTS), {
    description: 'Outcome of the controls that preceded the release',
    cluster: 'customs-results',
    typeLabel: 'enum',
  }),
  movementReferenceNumber: field(z.string().regex(/^[0-9]{2}[A-Z]{2}[A-Z0-9]{14}$/), {
    description: 'MRN of the declaration released, when there is one',
    cluster: 'references',
    typeLabel: 'MRN (18 chars)',
    wco: 'Declaration.ID',
  }).optional(),
  customsOffice: office,
});

