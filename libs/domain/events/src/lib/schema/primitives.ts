// Value domains shared by the catalogue. Every leaf of every payload is one of these (or an
// enum/boolean/number built inline), so the rules are written once and documented once.
import * as z from 'zod';
import { COUNTRY_CODES, CURRENCY_CODES, INCOTERMS, TRANSPORT_DOCUMENT_TYPES, TRANSPORT_MODES } from './codes';
import { field, fieldMetaRegistry } from './field-meta';

function primitive<T extends z.ZodType>(schema: T, description: string, typeLabel: string): T {
  fieldMetaRegistry.add(schema, { description, typeLabel });
  return schema;
}

/**
 * Free text: no control characters (C0/C1) and no lone UTF-16 surrogates (those cannot be
 * serialised as I-JSON, RFC 8785 §3.2.2.2), and not blank.
 */
export const TEXT_PATTERN = /^[^\p{Cc}\p{Cs}]*[^\p{Cc}\p{Cs}\s][^\p{Cc}\p{Cs}]*$/u;

export function text(maxLength: number, description = 'Free text'): z.ZodString {
  return primitive(z.string().min(1).max(maxLength).regex(TEXT_PATTERN), description, `text (1–${maxLength} chars)`);
}

/** Identifier assigned by a business system: letters, digits and . _ / - ; no spaces. */
export const REFERENCE_PATTERN = /^[0-9A-Za-z](?:[0-9A-Za-z._/-]{0,68}[0-9A-Za-z])?$/;
export function reference(description = 'Reference'): z.ZodString {
  return primitive(z.string().max(70).regex(REFERENCE_PATTERN), description, 'reference (an..70)');
}

/** Postcodes contain spaces and hyphens ("1016 GV", "SW1A 1AA"); ICS2 allows an..17. */
export const POSTCODE_PATTERN = /^[0-9A-Za-z](?:[0-9A-Za-z -]{0,15}[0-9A-Za-z])?$/;
export const postcode = primitive(z.string().regex(POSTCODE_PATTERN), 'Postcode', 'postcode (an..17)');

export const countryCode = primitive(z.enum(COUNTRY_CODES), 'Country', 'ISO 3166-1 alpha-2 code');
export const currencyCode = primitive(z.enum(CURRENCY_CODES), 'Currency', 'ISO 4217 alphabetic code');
export const incoterm = primitive(z.enum(INCOTERMS), 'Incoterms rule', 'Incoterms® 2020 rule');

/** HS subheading (6 digits) or a national extension: CN (8) or TARIC/HTS (10). */
export const HS_CODE_PATTERN = /^[0-9]{6}(?:[0-9]{2}){0,2}$/;
export const hsCode = primitive(z.string().regex(HS_CODE_PATTERN), 'Commodity code', 'HS code, 6/8/10 digits');

/**
 * Money as a decimal string (up to 15 integer and 4 fraction digits): binary floating point
 * would make 0.1 + 0.2 part of a signed record.
 */
export const DECIMAL_PATTERN = /^(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,4})?$/;
export const decimalAmount = primitive(z.string().regex(DECIMAL_PATTERN), 'Amount', 'decimal string ≥ 0');
export const positiveDecimalAmount = primitive(
  z
    .string()
    .regex(DECIMAL_PATTERN)
    .refine((v) => /[1-9]/.test(v), { message: 'must be greater than zero', params: { rule: 'exclusiveMinimum' } }),
  'Amount',
  'decimal string > 0',
);

export const UN_LOCODE_PATTERN = /^[A-Z]{2}[A-Z2-9]{3}$/;
export const unLocode = primitive(z.string().regex(UN_LOCODE_PATTERN), 'Location', 'UN/LOCODE (5 chars)');

/** Customs office reference: country prefix + office id (EU COL format is CC + 6). */
export const CUSTOMS_OFFICE_PATTERN = /^[A-Z]{2}[A-Z0-9]{1,15}$/;
export const customsOffice = primitive(z.string().regex(CUSTOMS_OFFICE_PATTERN), 'Customs office', 'customs office reference');

/** Mass in kilograms. */
export const massKg = primitive(z.number().positive().max(1_000_000), 'Mass in kilograms', 'kilograms (> 0)');
export const count = (max: number) => primitive(z.int().min(1).max(max), 'Count', `integer 1–${max}`);

/** RFC 3339 date-time with seconds and an explicit offset (Z or ±hh:mm). */
export const dateTime = primitive(z.iso.datetime({ offset: true }), 'Date and time', 'RFC 3339 date-time');

/** UN/ECE Recommendation 21 package type code. */
export const packageTypeCode = primitive(z.string().regex(/^[0-9A-Z]{2}$/), 'Type of packages', 'UN/ECE Rec. 21 code');

export const transportMode = primitive(z.enum(TRANSPORT_MODES), 'Mode of transport', 'UN/ECE Rec. 19 mode');

export const PARTICIPANT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const participantId = primitive(
  z.string().regex(PARTICIPANT_ID_PATTERN),
  'Participant identifier on the network',
  'participant id ([a-z0-9-], ≤64)',
);

/** Identifier of a signing key: "ed25519:" + base64url(first 16 bytes of SHA-256(public key)). */
export const KEY_ID_PATTERN = /^ed25519:[A-Za-z0-9_-]{21}[AQgw]$/;
export const keyId = primitive(z.string().regex(KEY_ID_PATTERN), 'Signing key identifier', 'key id');

/** Canonical base64url (no padding) of exactly 32 bytes: the last character carries 2 zero bits. */
export const BASE64URL_32_PATTERN = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
export const base64Url32 = primitive(z.string().regex(BASE64URL_32_PATTERN), '32 bytes', 'base64url, 32 bytes');
export const BASE64URL_64_PATTERN = /^[A-Za-z0-9_-]{85}[AQgw]$/;
export const base64Url64 = primitive(z.string().regex(BASE64URL_64_PATTERN), '64 bytes', 'base64url, 64 bytes');

/** Ruleset / rule identifiers of the risk engine and policies. */
export const RULE_ID_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
export const ruleId = primitive(z.string().regex(RULE_ID_PATTERN), 'Rule identifier', 'rule id');

export const transportDocumentType = primitive(
  z.enum(TRANSPORT_DOCUMENT_TYPES),
  'Type of transport document',
  'transport document type',
);

// --- Composite structures used by several events -----------------------------------------

export const address = z.strictObject({
  streetAndNumber: field(text(70), {
    description: 'Street and number',
    wco: 'Address.Line',
    ics2: 'Address / Street and number',
  }).optional(),
  postcode: field(postcode, {
    description: 'Postcode',
    wco: 'Address.PostcodeID',
    ics2: 'Address / Postcode',
  }).optional(),
  city: field(text(35), { description: 'City', wco: 'Address.CityName', ics2: 'Address / City' }),
  country: field(countryCode, { description: 'Country', wco: 'Address.CountryCode', ics2: 'Address / Country' }),
});

export const TYPES_OF_PERSON = ['natural-person', 'legal-person', 'association'] as const;

export const party = z.strictObject({
  name: field(text(70), { description: 'Name of the party', wco: 'Name', ics2: 'Name' }),
  identificationNumber: field(reference(), {
    description: 'Identification number (EORI, TIN or other trader id)',
    wco: 'ID',
    ics2: 'Identification number',
  }).optional(),
  typeOfPerson: field(z.enum(TYPES_OF_PERSON), {
    description: 'Natural person, legal person or association',
    ics2: 'Type of person',
    typeLabel: 'enum',
  }).optional(),
  address: field(address, { description: 'Postal address', wco: 'Address', ics2: 'Address' }),
});

export const transportDocument = z.strictObject({
  type: field(transportDocumentType, {
    description: 'Type of the transport document (house or master level is implied by the type)',
    wco: 'TransportContractDocument.TypeCode',
    ics2: 'Transport document / Type',
  }),
  referenceNumber: field(reference(), {
    description: 'Waybill / bill of lading / postal item number',
    wco: 'TransportContractDocument.ID',
    ics2: 'Transport document / Reference number',
  }),
});

export const location = z.strictObject({
  unLocode: field(unLocode, { description: 'UN/LOCODE of the place', wco: 'Location.ID', ics2: 'UN LOCODE' }).optional(),
  country: field(countryCode, { description: 'Country of the place', wco: 'Location.CountryCode', ics2: 'Address / Country' }),
  city: field(text(35), { description: 'City or place name', wco: 'Location.Name', ics2: 'Address / City' }).optional(),
});

