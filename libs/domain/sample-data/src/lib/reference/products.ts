// The generator's own product table: typical cross-border e-commerce goods, each with its
// Harmonized System subheading (HS 2022, 6 digits), plain-language descriptions that a customs
// officer would classify under that subheading, a reference unit price and a unit mass.
//
// The reference prices are this generator's assumptions, written here for sample data, not
// market data from any source. They are the yardstick the generator's ground truth uses
// ("undervaluation" = declared unit value far below it), so a risk engine scored against the
// generated data should read its reference prices from REFERENCE_PRODUCTS too.
//
// One product per HS subheading, so an HS code identifies its product and reference price.

export const PRODUCT_CATEGORIES = [
  'electronics',
  'apparel',
  'footwear',
  'home',
  'beauty',
  'accessories',
  'toys-sports',
  'food',
  'books',
  'tools',
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export interface ReferenceProduct {
  /** Stem of the sellers' SKUs for this product. */
  readonly sku: string;
  /** HS 2022 subheading, 6 digits. */
  readonly hsCode: string;
  /** HS chapter, the first two digits of `hsCode`. */
  readonly chapter: string;
  readonly category: ProductCategory;
  /** Description variants, all of goods that belong under `hsCode`. */
  readonly descriptions: readonly string[];
  /** Reference price of one unit in EUR, as a decimal string ("39.00"). */
  readonly referenceUnitValueEur: string;
  /** The same in euro cents, for arithmetic. */
  readonly referenceUnitValueEurCents: number;
  /** Gross mass of one unit with its retail packaging, in kg. */
  readonly unitMassKg: number;
}

type Row = readonly [sku: string, hsCode: string, category: ProductCategory, eur: number, kg: number, descriptions: readonly string[]];

const ROWS: readonly Row[] = [
  // Electronics (chapters 84, 85)
  ['EL-HDPH', '851830', 'electronics', 45, 0.35, ['Wireless over-ear Bluetooth headphones', 'True wireless in-ear earbuds with charging case', 'Noise-cancelling on-ear headphones, wireless']],
  ['EL-PWBK', '850760', 'electronics', 25, 0.42, ['Power bank 20000 mAh, lithium-ion, USB-C', 'Portable lithium-ion battery pack 10000 mAh']],
  ['EL-CHRG', '850440', 'electronics', 22, 0.15, ['USB-C wall charger 65 W', 'Fast charging power adapter 30 W, USB-C']],
  ['EL-PHON', '851713', 'electronics', 180, 0.45, ['Smartphone 6.5-inch, 128 GB, dual SIM', 'Android smartphone, 256 GB, 5G']],
  ['EL-LPTP', '847130', 'electronics', 520, 2.1, ['Laptop computer 14-inch, 16 GB RAM, 512 GB SSD', 'Notebook computer 15.6-inch, 8 GB RAM']],
  ['EL-KBMS', '847160', 'electronics', 30, 0.6, ['Mechanical computer keyboard, USB', 'Wireless optical computer mouse and keyboard set']],
  ['EL-ACAM', '852589', 'electronics', 95, 0.3, ['Action camera 4K with waterproof case', 'Digital video camera recorder, 4K']],
  ['EL-ROUT', '851762', 'electronics', 60, 0.7, ['Wi-Fi 6 wireless router', 'Mesh Wi-Fi network router, dual band']],
  ['EL-TV43', '852872', 'electronics', 260, 9.5, ['LED colour television 43-inch', 'Smart LED colour television 50-inch']],
  ['EL-CONS', '950450', 'electronics', 210, 0.6, ['Handheld video game console', 'Video game console with two controllers']],
  ['EL-HDRY', '851631', 'electronics', 28, 0.7, ['Hair dryer 1800 W with diffuser', 'Compact travel hair dryer']],
  ['EL-AFRY', '851660', 'electronics', 70, 4.5, ['Electric air fryer 4 litres', 'Electric countertop grill and roaster']],
  ['EL-DRLL', '846721', 'tools', 75, 1.8, ['Cordless electric drill 18 V with battery', 'Cordless hammer drill, battery powered']],
  // Apparel (chapters 61, 62, 65)
  ['AP-TSHT', '610910', 'apparel', 9, 0.2, ["Men's cotton T-shirt, crew neck, knitted", "Women's cotton T-shirt, short sleeves, knitted"]],
  ['AP-HOOD', '611020', 'apparel', 22, 0.55, ['Cotton hooded sweatshirt, knitted', "Women's cotton knitted cardigan"]],
  ['AP-JEAN', '620342', 'apparel', 28, 0.7, ["Men's denim jeans, cotton, woven", "Men's cotton chino trousers, woven"]],
  ['AP-WTRS', '620462', 'apparel', 25, 0.5, ["Women's cotton trousers, woven", "Women's denim jeans, cotton, woven"]],
  ['AP-SHRT', '620520', 'apparel', 20, 0.3, ["Men's cotton oxford shirt, long sleeves, woven", "Men's cotton shirt, short sleeves, woven"]],
  ['AP-LEGG', '610462', 'apparel', 12, 0.25, ["Women's knitted cotton leggings", "Women's knitted cotton jogging trousers"]],
  ['AP-BEAN', '650500', 'apparel', 8, 0.1, ['Knitted beanie hat, acrylic', 'Knitted winter hat with pompom']],
  // Footwear (chapter 64)
  ['FW-RUNS', '640411', 'footwear', 55, 0.9, ['Running shoes, textile upper, rubber sole', 'Sports trainers, textile upper, rubber outer sole']],
  ['FW-BOOT', '640391', 'footwear', 70, 1.3, ['Leather ankle boots, rubber sole', "Men's leather boots covering the ankle"]],
  ['FW-SLID', '640299', 'footwear', 10, 0.4, ['Plastic slide sandals', 'Rubber flip-flops']],
  // Home (chapters 39, 63, 69, 73, 94)
  ['HM-TOWL', '630260', 'home', 18.5, 1.1, ['Cotton bath towels, set of 4, terry towelling', 'Cotton terry kitchen towels, pack of 6']],
  ['HM-BEDL', '630231', 'home', 35, 1.4, ['Cotton duvet cover and pillowcase set', 'Cotton fitted bed sheet, double']],
  ['HM-LAMP', '940521', 'home', 24.9, 1.0, ['LED desk lamp, aluminium, USB-C powered', 'LED bedside table lamp, dimmable']],
  ['HM-PILW', '940490', 'home', 20, 1.2, ['Memory foam pillow', 'Duvet, polyester filling, single']],
  ['HM-BOXS', '392410', 'home', 12, 0.9, ['Plastic food storage containers, set of 10', 'Plastic kitchen utensil set']],
  ['HM-COOK', '732393', 'home', 45, 3.5, ['Stainless steel cookware set, 3 pots with lids', 'Stainless steel frying pan, 28 cm']],
  ['HM-PLAT', '691110', 'home', 30, 3.0, ['Porcelain dinner plate set, 6 pieces', 'Porcelain tea set, 12 pieces']],
  ['HM-TABL', '940360', 'home', 60, 9.0, ['Wooden bedside table, flat-packed', 'Wooden bookshelf, flat-packed']],
  // Beauty (chapters 33, 96)
  ['BT-CRM', '330499', 'beauty', 14, 0.1, ['Facial moisturising cream, 50 ml', 'Sunscreen lotion SPF 50, 100 ml']],
  ['BT-SHMP', '330510', 'beauty', 7, 0.55, ['Herbal shampoo, 500 ml', 'Anti-dandruff shampoo, 400 ml']],
  ['BT-PERF', '330300', 'beauty', 45, 0.35, ['Eau de parfum, 100 ml', 'Eau de toilette, 50 ml']],
  ['BT-MASC', '330420', 'beauty', 9, 0.05, ['Waterproof mascara', 'Eyeliner pencil, black']],
  ['BT-TBRS', '960321', 'beauty', 6, 0.08, ['Bamboo toothbrushes, pack of 4', 'Soft toothbrushes, pack of 2']],
  // Accessories (chapters 42, 71, 90, 91)
  ['AC-HBAG', '420221', 'accessories', 85, 0.9, ['Leather handbag', 'Leather shoulder bag with zip']],
  ['AC-WALT', '420232', 'accessories', 10, 0.06, ['Nylon card wallet', 'Textile coin purse with zip']],
  ['AC-SUIT', '420212', 'accessories', 65, 3.2, ['Hard-shell cabin suitcase, polycarbonate', 'Soft-sided travel suitcase, polyester']],
  ['AC-GOLD', '711319', 'accessories', 320, 0.02, ['18-carat gold pendant necklace', '18-carat gold ring']],
  ['AC-IMIT', '711719', 'accessories', 6, 0.02, ['Fashion earrings, base metal, gold-plated', 'Base-metal bracelet, silver-plated']],
  ['AC-WTCH', '910211', 'accessories', 60, 0.15, ['Quartz wristwatch, stainless steel case, analogue dial', 'Analogue quartz wristwatch, leather strap']],
  ['AC-SUNG', '900410', 'accessories', 18, 0.08, ['Polarised sunglasses', 'Sunglasses with UV400 lenses']],
  // Toys and sports (chapter 95)
  ['TS-TOYS', '950300', 'toys-sports', 25, 0.8, ['Plastic building block set, 500 pieces', 'Plush teddy bear, 40 cm', 'Remote-controlled toy car']],
  ['TS-YOGA', '950691', 'toys-sports', 20, 1.3, ['Yoga mat, 6 mm', 'Adjustable resistance bands, set of 5']],
  ['TS-BALL', '950662', 'toys-sports', 15, 0.45, ['Inflatable football, size 5', 'Inflatable basketball, size 7']],
  ['TS-BGAM', '950490', 'toys-sports', 30, 1.1, ['Board game for 2-6 players', 'Chess set with wooden board']],
  // Food (chapters 09, 17, 21)
  ['FD-GTEA', '090210', 'food', 9, 0.3, ['Green tea, loose leaf, 250 g', 'Green tea bags, 100 pieces']],
  ['FD-COFF', '090121', 'food', 18, 1.05, ['Roasted coffee beans, 1 kg', 'Roasted ground coffee, 500 g']],
  ['FD-SUPP', '210690', 'food', 15, 0.15, ['Vitamin D food supplement, 120 capsules', 'Protein powder food supplement, 1 kg']],
  ['FD-SWTS', '170490', 'food', 5, 0.52, ['Assorted gummy sweets, 500 g', 'Hard candy, 400 g']],
  // Books (chapter 49)
  ['BK-BOOK', '490199', 'books', 16, 0.5, ['Printed paperback novel', 'Printed hardcover cookbook']],
  // Tools (chapter 82)
  ['TL-HSET', '820559', 'tools', 35, 2.5, ['Hand tool set, 40 pieces, steel', 'Household hand tool kit in case']],
];

export const REFERENCE_PRODUCTS: readonly ReferenceProduct[] = ROWS.map(([sku, hsCode, category, eur, kg, descriptions]) => {
  const cents = Math.round(eur * 100);
  return Object.freeze({
    sku,
    hsCode,
    chapter: hsCode.slice(0, 2),
    category,
    descriptions: Object.freeze([...descriptions]),
    referenceUnitValueEur: formatCents(cents),
    referenceUnitValueEurCents: cents,
    unitMassKg: kg,
  });
});

const BY_HS = new Map(REFERENCE_PRODUCTS.map((p) => [p.hsCode, p]));

/** The reference product of an HS code (its first 6 digits), if the table has one. */
export function referenceProductByHsCode(hsCode: string): ReferenceProduct | undefined {
  return BY_HS.get(hsCode.slice(0, 6));
}

export const PRODUCTS_BY_CATEGORY: Readonly<Record<ProductCategory, readonly ReferenceProduct[]>> = Object.fromEntries(
  PRODUCT_CATEGORIES.map((c) => [c, REFERENCE_PRODUCTS.filter((p) => p.category === c)]),
) as unknown as Record<ProductCategory, readonly ReferenceProduct[]>;

function formatCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
