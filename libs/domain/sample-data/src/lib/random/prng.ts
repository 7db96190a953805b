// Seeded pseudo-random numbers for reproducible sample data.
//
// Why our own 40 lines instead of a package: the generator's promise is "same seed and options ⇒
// identical output", for years. A dependency's upgrade may change its algorithms or how it maps
// 32-bit outputs to ranges (pure-rand did between majors), silently changing every data set and
// every benchmark baseline built on it. sfc32 (Chris Doty-Humphrey's Small Fast Counter, from
// PractRand) is tiny, passes PractRand/BigCrush, and uses only 32-bit integer operations, so it
// gives bit-identical streams in every JavaScript engine. Seeds are hashed with cyrb128 (a
// public-domain string hash built on Math.imul) into sfc32's 128-bit state.
//
// Nothing here uses Math.log/exp/sin: those are implementation-approximated in JavaScript and
// could differ between engines; the generator draws only uniform numbers.

/** A source of uniform random numbers; every helper the generator needs derives from `uint32`. */
export interface Random {
  /** Uniform unsigned 32-bit integer. */
  uint32(): number;
  /** Uniform float in [0, 1). */
  float(): number;
  /** Uniform integer in [0, n). */
  below(n: number): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform float in [min, max). */
  between(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
}

const TWO_POW_32 = 4_294_967_296;

/** cyrb128: four 32-bit hashes of a string (the seed material for sfc32). */
export function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32 with the helpers above. Not cryptographic: never use it for salts or keys. */
export class Sfc32 implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: readonly [number, number, number, number]) {
    [this.a, this.b, this.c, this.d] = state;
    // The first outputs of a fresh state are correlated with the seed; discard them.
    for (let i = 0; i < 15; i++) this.uint32();
  }

  /** A generator seeded from any string (the seed plus a purpose label, for sub-streams). */
  static fromString(seed: string): Sfc32 {
    return new Sfc32(cyrb128(seed));
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  float(): number {
    return this.uint32() / TWO_POW_32;
  }

  below(n: number): number {
    return Math.floor(this.float() * n);
  }

  int(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  between(min: number, max: number): number {
    return min + this.float() * (max - min);
  }

  chance(p: number): boolean {
    return p > 0 && this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty list');
    return items[this.below(items.length)];
  }
}

/**
 * A fixed weighted choice, prepared once (cumulative weights) because the generator draws from
 * the same tables millions of times.
 */
export class WeightedTable<T> {
  private readonly items: readonly T[];
  private readonly cumulative: readonly number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    const positive = entries.filter(([, w]) => w > 0);
    if (positive.length === 0) throw new RangeError('WeightedTable needs at least one positive weight');
    this.items = positive.map(([item]) => item);
    let sum = 0;
    this.cumulative = positive.map(([, w]) => (sum += w));
    this.total = sum;
  }

  get size(): number {
    return this.items.length;
  }

  pick(random: Random): T {
    const x = random.float() * this.total;
    // Linear scan: tables here have at most a few dozen entries.
    for (let i = 0; i < this.cumulative.length; i++) {
      if (x < this.cumulative[i]) return this.items[i];
    }
    return this.items[this.items.length - 1];
  }
}
