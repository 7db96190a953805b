/**
 * Consignment reference in the spirit of the WCO Unique Consignment Reference (UCR): assigned
 * once at the start of the transaction, carried by every event of the consignment. WCO's UCR
 * is an..35 (for example "6GB123456789000-ORD0042"): upper-case letters, digits, . / - .
 */
export const CONSIGNMENT_REF_PATTERN = /^[0-9A-Z](?:[0-9A-Z./-]{0,33}[0-9A-Z])?$/;
