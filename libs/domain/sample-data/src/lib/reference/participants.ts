// The organisations that submit the generated events. All fictional; ids follow the network's
// participant-id rule. A deployment that seeds other ids can map these with the
// `participantIds` option. shopwave, skyfreight and hubline match @borderledger/events'
// fixture participants.
import type { OrderCurrency } from './money';

export type SubmitterRole = 'platform' | 'carrier' | 'logistics';

export type CarrierService = 'air' | 'express' | 'sea' | 'road' | 'rail' | 'last-mile';
export type LogisticsService = 'air-consolidation' | 'sea-consolidation' | 'fulfilment';

export interface SampleParticipant {
  readonly id: string;
  readonly role: SubmitterRole;
  readonly legalName: string;
  /** Country of establishment (ISO 3166-1 alpha-2). */
  readonly country: string;
  /** Trader identification number (EORI style). */
  readonly identificationNumber: string;
  readonly services: readonly (CarrierService | LogisticsService | 'marketplace')[];
}

export interface PlatformProfile extends SampleParticipant {
  readonly role: 'platform';
  /** Prefix of the platform's order numbers. */
  readonly orderPrefix: string;
  /** The platform's payment collector (payee when the marketplace collects). */
  readonly paymentEntity: { readonly name: string; readonly identificationNumber: string; readonly country: string };
  /** Seller origins this platform recruits from, with weights. */
  readonly sellerOrigins: Readonly<Record<string, number>>;
  readonly settlementCurrency: OrderCurrency;
}

export interface AirCarrierProfile extends SampleParticipant {
  readonly role: 'carrier';
  /** Two-character airline designator used in flight numbers (fictional). */
  readonly designator: string;
  /** Three-digit airline prefix of its air waybills (fictional). */
  readonly awbPrefix: string;
  /** Registration country and mark prefix of its aircraft. */
  readonly fleet: { readonly nationality: string; readonly markPrefix: string };
}

export const PLATFORMS: readonly PlatformProfile[] = [
  {
    id: 'shopwave', role: 'platform', legalName: 'Shopwave Marketplace B.V.', country: 'NL', identificationNumber: 'NL861234567',
    services: ['marketplace'], orderPrefix: 'SW', settlementCurrency: 'EUR',
    paymentEntity: { name: 'Shopwave Payments B.V.', identificationNumber: 'NL861234567B01', country: 'NL' },
    sellerOrigins: { CN: 3, HK: 2, TR: 4, IN: 3, GB: 3, US: 1, VN: 3, PK: 3, BD: 3, TH: 2, KR: 2, JP: 1, DE: 1 },
  },
  {
    id: 'bazaarly', role: 'platform', legalName: 'Bazaarly Limited', country: 'HK', identificationNumber: 'HK0062019437',
    services: ['marketplace'], orderPrefix: 'BZ', settlementCurrency: 'USD',
    paymentEntity: { name: 'Bazaarly Pay Limited', identificationNumber: 'HK0062019438', country: 'HK' },
    sellerOrigins: { CN: 6, HK: 4, VN: 2, TH: 2, KR: 1 },
  },
  {
    id: 'tradepoint', role: 'platform', legalName: 'Tradepoint Commerce Inc.', country: 'US', identificationNumber: 'US841234567',
    services: ['marketplace'], orderPrefix: 'TP', settlementCurrency: 'USD',
    paymentEntity: { name: 'Tradepoint Payments LLC', identificationNumber: 'US841234568', country: 'US' },
    sellerOrigins: { US: 5, CN: 3, JP: 2, KR: 2, DE: 2, GB: 1, IN: 1 },
  },
  {
    id: 'marketo', role: 'platform', legalName: 'Marketo Handelsplattform GmbH', country: 'DE', identificationNumber: 'DE298765432',
    services: ['marketplace'], orderPrefix: 'MK', settlementCurrency: 'EUR',
    paymentEntity: { name: 'Marketo Pay GmbH', identificationNumber: 'DE298765433', country: 'DE' },
    sellerOrigins: { DE: 4, CN: 3, TR: 2, GB: 2, PK: 1, JP: 1 },
  },
  {
    id: 'craftloop', role: 'platform', legalName: 'Craftloop Ltd', country: 'GB', identificationNumber: 'GB123456789000',
    services: ['marketplace'], orderPrefix: 'CL', settlementCurrency: 'GBP',
    paymentEntity: { name: 'Craftloop Payments Ltd', identificationNumber: 'GB123456789001', country: 'GB' },
    sellerOrigins: { GB: 4, IN: 2, TR: 1, US: 1, TH: 1 },
  },
];

export const AIR_CARRIERS: readonly AirCarrierProfile[] = [
  {
    id: 'skyfreight', role: 'carrier', legalName: 'SkyFreight Express B.V.', country: 'NL', identificationNumber: 'NL812345678',
    services: ['air'], designator: 'K9', awbPrefix: '906', fleet: { nationality: 'NL', markPrefix: 'PH-' },
  },
  {
    id: 'aerolift-cargo', role: 'carrier', legalName: 'Aerolift Cargo GmbH', country: 'DE', identificationNumber: 'DE311222333',
    services: ['air'], designator: 'Q7', awbPrefix: '918', fleet: { nationality: 'DE', markPrefix: 'D-A' },
  },
  {
    id: 'pacific-aircargo', role: 'carrier', legalName: 'Pacific Aircargo Limited', country: 'HK', identificationNumber: 'HK0071234567',
    services: ['air'], designator: 'P3', awbPrefix: '933', fleet: { nationality: 'HK', markPrefix: 'B-L' },
  },
];

export const EXPRESS_CARRIER: SampleParticipant & { readonly designator: string; readonly fleet: { readonly nationality: string; readonly markPrefix: string } } = {
  id: 'swiftpost-express', role: 'carrier', legalName: 'SwiftPost Express Inc.', country: 'US', identificationNumber: 'US861112223',
  services: ['express'], designator: 'X4', fleet: { nationality: 'US', markPrefix: 'N' },
};

export const SEA_CARRIER: SampleParticipant & { readonly scac: string } = {
  id: 'oceanic-lines', role: 'carrier', legalName: 'Oceanic Lines A/S', country: 'DK', identificationNumber: 'DK31234567',
  services: ['sea'], scac: 'OCLN',
};

export const ROAD_CARRIERS: readonly (SampleParticipant & { readonly plate: string })[] = [
  { id: 'anatolia-road', role: 'carrier', legalName: 'Anatolia Road Transport A.Ş.', country: 'TR', identificationNumber: 'TR1234567890', services: ['road'], plate: '34-@@@-###' },
  { id: 'channel-haulage', role: 'carrier', legalName: 'Channel Haulage Ltd', country: 'GB', identificationNumber: 'GB987654321000', services: ['road'], plate: '@@##-@@@' },
  { id: 'eurotrans-road', role: 'carrier', legalName: 'Eurotrans Road Logistics Sp. z o.o.', country: 'PL', identificationNumber: 'PL5271234567', services: ['road'], plate: 'W@-#####' },
];

export const RAIL_CARRIER: SampleParticipant = {
  id: 'silkrail', role: 'carrier', legalName: 'Silkrail Freight Services Ltd.', country: 'KZ', identificationNumber: 'KZ123456789012',
  services: ['rail'],
};

export const LAST_MILE_CARRIER: SampleParticipant = {
  id: 'parcelnet', role: 'carrier', legalName: 'Parcelnet Delivery Services B.V.', country: 'NL', identificationNumber: 'NL855566677',
  services: ['last-mile'],
};

export const AIR_CONSOLIDATOR: SampleParticipant = {
  id: 'hubline', role: 'logistics', legalName: 'Hubline Forwarding B.V.', country: 'NL', identificationNumber: 'NL822233344',
  services: ['air-consolidation'],
};

export const SEA_CONSOLIDATOR: SampleParticipant = {
  id: 'portside-logistics', role: 'logistics', legalName: 'Portside Logistics Ltd', country: 'GB', identificationNumber: 'GB456789123000',
  services: ['sea-consolidation'],
};

export const FULFILMENT: SampleParticipant = {
  id: 'fulfilio', role: 'logistics', legalName: 'Fulfilio Fulfilment Services Limited', country: 'HK', identificationNumber: 'HK0083456789',
  services: ['fulfilment'],
};

/** Every organisation the generator submits as (seed them as participants to replay the data). */
export const SAMPLE_PARTICIPANTS: readonly SampleParticipant[] = [
  ...PLATFORMS,
  ...AIR_CARRIERS,
  EXPRESS_CARRIER,
  SEA_CARRIER,
  ...ROAD_CARRIERS,
  RAIL_CARRIER,
  LAST_MILE_CARRIER,
  AIR_CONSOLIDATOR,
  SEA_CONSOLIDATOR,
  FULFILMENT,
].map((p) => ({ id: p.id, role: p.role, legalName: p.legalName, country: p.country, identificationNumber: p.identificationNumber, services: p.services }));
