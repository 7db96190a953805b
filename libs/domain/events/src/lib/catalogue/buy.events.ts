// Buy process (UN/CEFACT Buy-Ship-Pay): the commercial transaction behind a consignment,
// filed by the e-commerce platform (ICS2 house-level data: seller, buyer, goods).
import * as z from 'zod';
import { field } from '../schema/field-meta';
import {
  countryCode,
  count,
  currencyCode,
  decimalAmount,
  hsCode,
  incoterm,
  party,
  reference,
  text,
} from '../schema/primitives';

/** Goods lines per order: a fixed capacity, because commitments pad every array to it. */
export const MAX_GOODS_LINES = 32;

export const orderId = field(reference(), {
  description: "The platform's order number; links order, payment and shipment events",
  cluster: 'references',
});

export const goodsLine = z.strictObject({
  description: field(text(512), {
    description: 'Plain-language description of the goods, precise enough for customs to identify them',
    wco: 'GoodsItem.Commodity.Description',
    ics2: 'Goods item / Commodity / Description of goods',
  }),
  hsCode: field(hsCode, {
    description: 'Harmonized System subheading (6 digits) or a national extension (8 or 10 digits)',
    wco: 'GoodsItem.Commodity.Classification.ID',
    ics2: 'Goods item / Commodity / Commodity code / Harmonized System sub-heading code',
  }),
  quantity: field(count(1_000_000), {
    description: 'Number of units ordered on this line',
    wco: 'GoodsItem.Commodity.GoodsMeasure.TariffQuantity',
  }),
  unitValue: field(decimalAmount, {
    description: 'Price of one unit, in `currency`',
    cluster: 'financial',
    wco: 'GoodsItem.Commodity.InvoiceLine.ItemChargeAmount',
  }),
  currency: field(currencyCode, {
    description: 'Currency of `unitValue`',
    cluster: 'financial',
    wco: 'GoodsItem.Commodity.InvoiceLine.ItemChargeAmount@currencyID',
  }),
  countryOfOrigin: field(countryCode, {
    description: 'Country where the goods were wholly obtained or last substantially transformed',
    wco: 'GoodsItem.Origin.CountryCode',
  }),
  productReference: field(reference(), {
    description: "Seller's product identifier (SKU, GTIN); lets the risk engine compare reference prices",
  }).optional(),
});

const goodsLines = field(z.array(field(goodsLine, { description: 'One goods line' })).min(1).max(MAX_GOODS_LINES), {
  description: `Goods lines of the order (1–${MAX_GOODS_LINES})`,
  cluster: 'goods',
  wco: 'GoodsShipment.GovernmentAgencyGoodsItem',
  ics2: 'Consignment (house level) / Goods item',
});

const deliveryTerms = z.strictObject({
  incoterm: field(incoterm, { description: 'Incoterms® 2020 rule', wco: 'TradeTerms.ConditionCode' }),
  namedPlace: field(text(35), {
    description: 'Named place or port the Incoterms rule refers to',
    wco: 'TradeTerms.LocationName',
  }).optional(),
});

const orderTotal = z.strictObject({
  amount: field(decimalAmount, { description: 'Total amount payable for the order', wco: 'Declaration.InvoiceAmount' }),
  currency: field(currencyCode, { description: 'Currency of `amount`', wco: 'Declaration.InvoiceAmount@currencyID' }),
});

const orderBody = {
  orderId,
  seller: field(party, {
    description: 'Seller: the party selling the goods (the merchant, not the marketplace)',
    cluster: 'parties',
    wco: 'GoodsShipment.Seller',
    ics2: 'Consignment (house level) / Seller',
  }),
  buyer: field(party, {
    description: 'Buyer: the party buying the goods',
    cluster: 'parties',
    wco: 'GoodsShipment.Buyer',
    ics2: 'Consignment (house level) / Buyer',
  }),
  goods: goodsLines,
  deliveryTerms: field(deliveryTerms, {
    description: 'Delivery terms of the sale; they decide the customs-value basis',
    cluster: 'financial',
    wco: 'GoodsShipment.TradeTerms',
  }).optional(),
  orderTotal: field(orderTotal, {
    description: 'Total of the order including shipping and charges',
    cluster: 'financial',
  }).optional(),
};

export const orderPlacedV1 = z.strictObject(orderBody);

export const ORDER_CHANGE_REASONS = ['buyer-request', 'seller-correction', 'stock-adjustment', 'price-adjustment', 'other'] as const;

/** Replace semantics: the event carries the whole order as it now stands, not a diff. */
export const orderChangedV1 = z.strictObject({
  ...orderBody,
  amendmentNumber: field(count(9999), {
    description: 'Sequence number of this amendment (1 for the first change)',
    cluster: 'references',
  }),
  changeReason: field(z.enum(ORDER_CHANGE_REASONS), {
    description: 'Why the order changed',
    cluster: 'goods',
    typeLabel: 'enum',
  }),
});

export const ORDER_CANCELLATION_REASONS = [
  'buyer-request',
  'seller-request',
  'payment-failed',
  'fraud-suspected',
  'out-of-stock',
  'other',
] as const;

export const orderCancelledV1 = z.strictObject({
  orderId,
  cancellationReason: field(z.enum(ORDER_CANCELLATION_REASONS), {
    description: 'Why the order was cancelled',
    cluster: 'goods',
    typeLabel: 'enum',
  }),
  reasonText: field(text(512), { description: 'Free-text explanation', cluster: 'goods' }).optional(),
});

