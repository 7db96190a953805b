// Ship process. Names follow ICS2 multiple filing: the house consignment (one parcel/order,
// house waybill) and the master consignment it is consolidated under (master waybill);
// the carrier's conveyance is the "active border transport means".
import * as z from 'zod';
import { field } from '../schema/field-meta';
import {
  count,
  countryCode,
  customsOffice,
  dateTime,
  hsCode,
  location,
  massKg,
  packageTypeCode,
  party,
  reference,
  text,
  transportDocument,
  transportMode,
} from '../schema/primitives';
import { MAX_GOODS_LINES, orderId } from './buy.events';
import { CONSIGNMENT_REF_PATTERN } from './consignment-ref';

export const MAX_ORDERS_PER_CONSIGNMENT = 8;
export const MAX_PACKAGES = 32;
export const MAX_ROUTING_COUNTRIES = 12;

const houseTransportDocument = field(transportDocument, {
  description: 'Transport document (house level): the house waybill of this consignment',
  cluster: 'references',
  wco: 'Consignment.TransportContractDocument',
  ics2: 'Consignment (house level) / Transport document (house level)',
});

const consignmentTransportDocument = field(transportDocument, {
  description: 'Transport document of the consignment that moved: master waybill for a consolidation, house waybill for a direct shipment',
  cluster: 'references',
  wco: 'Consignment.TransportContractDocument',
  ics2: 'Consignment (master level) / Transport document (master level)',
});

const bookedGoodsItem = z.strictObject({
  description: field(text(512), {
    description: 'Description of goods as declared by the shipper',
    wco: 'GoodsItem.Commodity.Description',
    ics2: 'Goods item / Commodity / Description of goods',
  }),
  hsCode: field(hsCode, {
    description: 'Harmonized System sub-heading code when the filer knows it',
    wco: 'GoodsItem.Commodity.Classification.ID',
    ics2: 'Goods item / Commodity / Commodity code / Harmonized System sub-heading code',
  }).optional(),
  grossMass: field(massKg, {
    description: 'Gross mass of this goods item in kg',
    wco: 'GoodsItem.GoodsMeasure.GrossMassMeasure',
    ics2: 'Goods item / Weight / Gross mass',
  }).optional(),
});

export const consignmentBookedV1 = z.strictObject({
  transportDocument: houseTransportDocument,
  orderIds: field(z.array(orderId).min(1).max(MAX_ORDERS_PER_CONSIGNMENT), {
    description: `Orders carried in this consignment (1–${MAX_ORDERS_PER_CONSIGNMENT})`,
    cluster: 'references',
  }),
  consignor: field(party, {
    description: 'Consignor (shipper): the party that hands the goods to the carrier',
    cluster: 'parties',
    wco: 'Consignment.Consignor',
    ics2: 'Consignment (house level) / Consignor',
  }),
  consignee: field(party, {
    description: 'Consignee: the party to whom the goods are consigned',
    cluster: 'parties',
    wco: 'Consignment.Consignee',
    ics2: 'Consignment (house level) / Consignee',
  }),
  totalGrossMass: field(massKg, {
    description: 'Gross mass of the whole consignment in kg, packaging included',
    cluster: 'goods',
    wco: 'Consignment.TotalGrossMassMeasure',
    ics2: 'Consignment (house level) / Total gross mass',
  }),
  numberOfPackages: field(count(9999), {
    description: 'Number of packages in the consignment',
    cluster: 'goods',
    wco: 'Consignment.TotalPackageQuantity',
    ics2: 'Goods item / Packaging / Number of packages',
  }),
  goods: field(z.array(field(bookedGoodsItem, { description: 'One goods item' })).min(1).max(MAX_GOODS_LINES), {
    description: `Goods items as booked with the carrier (1–${MAX_GOODS_LINES})`,
    cluster: 'goods',
    wco: 'Consignment.GoodsItem',
    ics2: 'Consignment (house level) / Goods item',
  }),
  placeOfAcceptance: field(location, {
    description: 'Where the carrier takes over the goods',
    cluster: 'transport',
    ics2: 'Consignment (house level) / Place of acceptance',
  }).optional(),
  placeOfDelivery: field(location, {
    description: 'Where the goods are to be delivered to the consignee',
    cluster: 'transport',
    ics2: 'Consignment (house level) / Place of delivery',
  }).optional(),
});

const packageItem = z.strictObject({
  packageId: field(reference(), { description: 'Piece / parcel identifier (barcode)', cluster: 'references', wco: 'Packaging.MarksNumbersID', ics2: 'Packaging / Shipping marks' }),
  typeOfPackages: field(packageTypeCode, { description: 'Package type (UN/ECE Rec. 21)', wco: 'Packaging.TypeCode', ics2: 'Packaging / Type of packages' }),
  grossMass: field(massKg, { description: 'Gross mass of the package in kg', wco: 'GoodsMeasure.GrossMassMeasure' }),
});

export const consignmentPackedV1 = z.strictObject({
  transportDocument: houseTransportDocument,
  packages: field(z.array(field(packageItem, { description: 'One package' })).min(1).max(MAX_PACKAGES), {
    description: `Packages prepared (1–${MAX_PACKAGES})`,
    cluster: 'goods',
    wco: 'Consignment.Packaging',
    ics2: 'Goods item / Packaging',
  }),
  totalGrossMass: field(massKg, {
    description: 'Gross mass of all packages in kg',
    cluster: 'goods',
    wco: 'Consignment.TotalGrossMassMeasure',
    ics2: 'Consignment (house level) / Total gross mass',
  }),
  packingFacility: field(location, { description: 'Fulfilment centre where the goods were packed', cluster: 'transport' }).optional(),
});

const masterConsignment = z.strictObject({
  transportDocument: field(transportDocument, {
    description: 'Transport document (master level): the master waybill',
    wco: 'Consignment.TransportContractDocument',
    ics2: 'Consignment (master level) / Transport document (master level)',
  }),
  consignmentRef: field(z.string().regex(CONSIGNMENT_REF_PATTERN), {
    description: 'Consignment reference of the master consignment, whose own events (departed, arrived) carry it',
    typeLabel: 'consignment reference',
    wco: 'Consignment.UCR.TraderAssignedReferenceID',
  }),
});

export const consignmentConsolidatedV1 = z.strictObject({
  transportDocument: houseTransportDocument,
  masterConsignment: field(masterConsignment, {
    description: 'Master consignment the house consignment is consolidated under',
    cluster: 'references',
    ics2: 'Consignment (master level)',
  }),
  consolidationPlace: field(location, { description: 'Where the consolidation took place', cluster: 'transport' }).optional(),
});

export const consignmentPickedUpV1 = z.strictObject({
  transportDocument: houseTransportDocument,
  placeOfAcceptance: field(location, {
    description: 'Where the carrier took over the goods',
    cluster: 'transport',
    ics2: 'Consignment (house level) / Place of acceptance',
  }),
  numberOfPackages: field(count(9999), {
    description: 'Packages actually collected',
    cluster: 'goods',
    wco: 'Consignment.TotalPackageQuantity',
  }).optional(),
});

const activeBorderTransportMeans = z.strictObject({
  modeOfTransport: field(transportMode, {
    description: 'Mode of transport at the border: sea=1, rail=2, road=3, air=4, postal=5, fixed-installation=7, inland-waterway=8 (UN/ECE Rec. 19)',
    wco: 'BorderTransportMeans.ModeCode',
    ics2: 'Consignment (master level) / Mode of transport at the border',
  }),
  identificationNumber: field(reference(), {
    description: 'Identification of the means of transport (IMO number, aircraft registration, vehicle plate)',
    wco: 'BorderTransportMeans.ID',
    ics2: 'Active border transport means / Identification number',
  }).optional(),
  nationality: field(countryCode, {
    description: 'Nationality (registration country) of the means of transport',
    wco: 'BorderTransportMeans.RegistrationNationalityCode',
    ics2: 'Active border transport means / Nationality',
  }).optional(),
  conveyanceReferenceNumber: field(reference(), {
    description: 'Conveyance reference: flight number, voyage number or trip id (e.g. "LH8160")',
    wco: 'BorderTransportMeans.JourneyID',
    ics2: 'Active border transport means / Conveyance reference number',
  }),
});

const conveyance = field(activeBorderTransportMeans, {
  description: 'Conveyance: the active means of transport crossing the border',
  cluster: 'transport',
  wco: 'BorderTransportMeans',
  ics2: 'Active border transport means',
});

export const consignmentDepartedV1 = z.strictObject({
  transportDocument: consignmentTransportDocument,
  activeBorderTransportMeans: conveyance,
  countriesOfRouting: field(z.array(field(countryCode, { description: 'Routing country' })).min(1).max(MAX_ROUTING_COUNTRIES), {
    description: `Route: countries the means of transport passes, in order, from departure to destination (1–${MAX_ROUTING_COUNTRIES})`,
    cluster: 'transport',
    wco: 'Consignment.Itinerary.RoutingCountryCode',
    ics2: 'Active border transport means / Countries of routing of means of transport',
  }),
  placeOfLoading: field(location, {
    description: 'Place where the goods were loaded onto the conveyance',
    cluster: 'transport',
    wco: 'Consignment.LoadingLocation',
    ics2: 'Consignment (master level) / Place of loading',
  }),
  placeOfUnloading: field(location, {
    description: 'Place where the goods are to be unloaded',
    cluster: 'transport',
    wco: 'Consignment.UnloadingLocation',
    ics2: 'Consignment (master level) / Place of unloading',
  }).optional(),
  estimatedArrivalAt: field(dateTime, {
    description: 'Estimated date and time of arrival at the place of unloading',
    cluster: 'transport',
    ics2: 'Active border transport means / Estimated date and time of arrival',
  }).optional(),
});

export const consignmentArrivedV1 = z.strictObject({
  transportDocument: consignmentTransportDocument,
  activeBorderTransportMeans: conveyance,
  placeOfUnloading: field(location, {
    description: 'Place where the goods were unloaded',
    cluster: 'transport',
    wco: 'Consignment.UnloadingLocation',
    ics2: 'Consignment (master level) / Place of unloading',
  }),
  customsOfficeOfFirstEntry: field(customsOffice, {
    description: 'Customs office of first entry',
    cluster: 'transport',
    ics2: 'Customs office of first entry / Reference number',
  }).optional(),
});

export const DELIVERY_OUTCOMES = [
  'delivered-to-consignee',
  'delivered-to-pickup-point',
  'delivered-to-neighbour',
  'delivered-to-safe-place',
] as const;

export const consignmentDeliveredV1 = z.strictObject({
  transportDocument: houseTransportDocument,
  deliveryOutcome: field(z.enum(DELIVERY_OUTCOMES), { description: 'How the delivery was completed', cluster: 'transport', typeLabel: 'enum' }),
  placeOfDelivery: field(location, {
    description: 'Where the goods were delivered',
    cluster: 'transport',
    ics2: 'Consignment (house level) / Place of delivery',
  }),
  receivedBy: field(text(70), { description: 'Name of the person who signed for the goods', cluster: 'parties' }).optional(),
  proofOfDeliveryReference: field(reference(), { description: 'Proof-of-delivery record reference', cluster: 'references' }).optional(),
});

export const RETURN_REASONS = [
  'refused-by-consignee',
  'undeliverable-address',
  'not-collected',
  'customs-refusal',
  'damaged',
  'buyer-return',
  'other',
] as const;

export const consignmentReturnedV1 = z.strictObject({
  transportDocument: houseTransportDocument,
  returnReason: field(z.enum(RETURN_REASONS), { description: 'Why the goods go back', cluster: 'transport', typeLabel: 'enum' }),
  returnTransportDocument: field(transportDocument, {
    description: 'Transport document of the return movement, when a new one is issued',
    cluster: 'references',
    wco: 'Consignment.TransportContractDocument',
  }).optional(),
  returnDestination: field(location, { description: 'Where the goods are returned to', cluster: 'transport' }),
  relatedOrderId: field(orderId, { description: 'Order the return refers to (for buyer returns)', cluster: 'references' }).optional(),
});

