// Pay process: money movements for an order. The amount actually paid is the strongest
// undervaluation signal customs has, so these events sit beside the order in the timeline.
import * as z from 'zod';
import { field } from '../schema/field-meta';
import { countryCode, currencyCode, positiveDecimalAmount, reference, text } from '../schema/primitives';
import { orderId } from './buy.events';

export const PAYMENT_INSTRUMENT_TYPES = [
  'card',
  'bank-transfer',
  'wallet',
  'buy-now-pay-later',
  'cash-on-delivery',
  'voucher',
  'other',
] as const;

const paymentId = field(reference(), {
  description: "Payment service provider's or platform's payment reference",
  cluster: 'references',
});

const instrumentType = field(z.enum(PAYMENT_INSTRUMENT_TYPES), {
  description: 'Payment instrument used',
  cluster: 'financial',
  typeLabel: 'enum',
});

const payee = z.strictObject({
  name: field(text(70), { description: 'Name of the payee', wco: 'Name' }),
  identificationNumber: field(reference(), { description: 'Identification number of the payee (EORI, TIN, merchant id)', wco: 'ID' }).optional(),
  country: field(countryCode, { description: 'Country of the payee (of its account, when known)', wco: 'Address.CountryCode' }),
});

const money = {
  amount: field(positiveDecimalAmount, { description: 'Amount moved', cluster: 'financial' }),
  currency: field(currencyCode, { description: 'Currency of `amount`', cluster: 'financial' }),
};

export const paymentCapturedV1 = z.strictObject({
  orderId,
  paymentId,
  ...money,
  instrumentType,
  payee: field(payee, {
    description: 'Party that receives the money (seller, marketplace or its payment collector)',
    cluster: 'parties',
  }),
});

export const REFUND_REASONS = ['return', 'cancellation', 'price-adjustment', 'goods-not-received', 'other'] as const;

export const refundIssuedV1 = z.strictObject({
  orderId,
  refundId: field(reference(), { description: 'Refund reference', cluster: 'references' }),
  paymentId: field(reference(), { description: 'The captured payment this refund reverses (in part or whole)', cluster: 'references' }),
  ...money,
  instrumentType,
  payee: field(payee, { description: 'Party that receives the refund (usually the buyer)', cluster: 'parties' }),
  reason: field(z.enum(REFUND_REASONS), { description: 'Why the money is refunded', cluster: 'financial', typeLabel: 'enum' }),
});
