import * as fc from 'fast-check';
import { base64UrlEquals, bytesEqual, decodeBase64UrlInto, fromBase64Url, toBase64Url, tryFromBase64Url, u32be, utf8 } from './bytes';
import { canonicalizeEx } from 'json-canonicalize';
import { canonicalBytes, canonicalJson } from './canonical';

/** Rebuilds a JSON value with every object's keys in a random order. */
function shuffleKeys(value: unknown, rng: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, rng));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [entries[i], entries[j]] = [entries[j], entries[i]];
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, rng)]));
  }
  return value;
}

describe('base64url', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(bytesEqual(fromBase64Url(text), bytes)).toBe(true);
      }),
    );
  });

  it('matches RFC 4648 test vectors (url alphabet, no padding)', () => {
    const enc = (s: string) => toBase64Url(new Uint8Array([...s].map((c) => c.charCodeAt(0))));
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(enc)).toEqual(['', 'Zg', 'Zm8', 'Zm9v', 'Zm9vYg', 'Zm9vYmE', 'Zm9vYmFy']);
    expect(toBase64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it('rejects padding, foreign characters, impossible lengths and non-canonical trailing bits', () => {
    expect(() => fromBase64Url('Zg==')).toThrow();
    expect(() => fromBase64Url('Zm9v+')).toThrow();
    expect(() => fromBase64Url('Z')).toThrow();
    expect(() => fromBase64Url('Zh')).toThrow(); // 'h' leaves non-zero spare bits: a second spelling of "f"
    expect(tryFromBase64Url('Zg', 2)).toBeUndefined();
    expect(tryFromBase64Url('Zg', 1)).toEqual(new Uint8Array([0x66]));
  });
});

describe('utf8', () => {
  const reference = (text: string) => new TextEncoder().encode(text);

  it('encodes exactly as TextEncoder, short (JS loop) or long, ASCII or not, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 200 })), (text) => {
        const bytes = utf8(text);
        expect(bytes).toBeInstanceOf(Uint8Array);
        expect(bytesEqual(bytes, reference(text))).toBe(true);
      }),
      { numRuns: 500 },
    );
    for (const text of ['', 'a'.repeat(64), 'a'.repeat(65), `${'a'.repeat(63)}é`, '\ud800', '\u007f\u0080']) {
      expect(bytesEqual(utf8(text), reference(text))).toBe(true);
    }
  });

  it('returns a fresh array every call and refuses a non-string', () => {
    const a = utf8('same');
    a[0] = 0;
    expect([...utf8('same')]).toEqual([0x73, 0x61, 0x6d, 0x65]);
    expect(() => utf8(42 as unknown as string)).toThrow('string expected');
  });
});

describe('base64url without allocating', () => {
  // Texts near the alphabet: valid ones, ones with foreign characters, wrong trailing bits or lengths.
  const nearBase64 = fc.string({ unit: fc.constantFrom(...'AQgwBb09-_+/=\u00e9\u0100'.split('')), maxLength: 48 });

  it('base64UrlEquals(bytes, text) is toBase64Url(bytes) === text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(), nearBase64, (bytes, bit, other) => {
        const text = toBase64Url(bytes);
        expect(base64UrlEquals(bytes, text)).toBe(true);
        expect(base64UrlEquals(bytes, other)).toBe(toBase64Url(bytes) === other);
        if (text.length > 0) {
          const i = bit % text.length;
          const changed = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
          expect(base64UrlEquals(bytes, changed)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
    expect(base64UrlEquals(new Uint8Array(32), undefined as unknown as string)).toBe(false);
  });

  it('decodeBase64UrlInto accepts exactly the texts fromBase64Url decodes to that length', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }).map(toBase64Url), fc.uint8Array({ maxLength: 34 }).map(toBase64Url), nearBase64), fc.option(fc.integer({ min: 1, max: 34 })), (text, other) => {
        // Mostly the length the text's length implies, so the character checks are what decides.
        const length = other ?? Math.max(1, Math.floor((text.length * 3) / 4));
        const out = new Uint8Array(length + 3);
        const expected = tryFromBase64Url(text, length);
        expect(decodeBase64UrlInto(text, out, 3, length)).toBe(expected !== undefined);
        if (expected) expect(bytesEqual(out.subarray(3), expected)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    const hash = toBase64Url(new Uint8Array(32).fill(7));
    expect(decodeBase64UrlInto(hash.slice(0, 42) + 'B', new Uint8Array(32), 0, 32)).toBe(false); // non-zero spare bits
    expect(decodeBase64UrlInto(hash.slice(0, 42) + '\u0141', new Uint8Array(32), 0, 32)).toBe(false); // 'A' + 0x100
    expect(decodeBase64UrlInto(hash, new Uint8Array(40), 9, 32)).toBe(false); // does not fit
  });
});

describe('u32be', () => {
  it('encodes big-endian and rejects out-of-range values', () => {
    expect([...u32be(0x01020304)]).toEqual([1, 2, 3, 4]);
    expect(() => u32be(-1)).toThrow(RangeError);
    expect(() => u32be(2 ** 32)).toThrow(RangeError);
  });
});

describe('canonical JSON (RFC 8785)', () => {
  it('is stable across key order at every depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.integer(), (value, seed) => {
        let state = seed >>> 0 || 1;
        const rng = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
        expect(canonicalJson(shuffleKeys(value, rng))).toBe(canonicalJson(value));
      }),
    );
  });

  it('sorts keys, normalises numbers and escapes per RFC 8785', () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.1 + 0.2, -0, 'é'] })).toBe('{"a":[1e+21,0.30000000000000004,0,"é"],"b":1}');
    expect(new TextDecoder().decode(canonicalBytes({ z: '\u2028', a: true }))).toBe('{"a":true,"z":"\u2028"}');
  });

  it('writes exactly what json-canonicalize writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        expect(canonicalJson(value)).toBe(canonicalizeEx(value, { strictUndefined: true }));
      }),
      { numRuns: 500 },
    );
    // Lone surrogates, control characters, U+2028 and the number forms RFC 8785 §3.2.2.3 lists.
    const edge = { s: ['\ud800', '\udfff x', '\u0000\u001f\u007f', '\u2028\u2029', '"\\/'], n: [1e21, 1e-7, -0, 5e-324, 1.7976931348623157e308, 333333333.3333333] };
    expect(canonicalJson(edge)).toBe(canonicalizeEx(edge, { strictUndefined: true }));
  });

  it('orders members by UTF-16 code units for small and large objects alike', () => {
    const keys = ['b', 'a', '10', '9', 'B', 'é', '\ud800', '\u{1f600}', 'aa', '', 'a\u0000'];
    const small = Object.fromEntries(keys.map((k, i) => [k, i]));
    const large = Object.fromEntries([...keys, ...Array.from({ length: 30 }, (_, i) => `k${30 - i}`)].map((k, i) => [k, i]));
    for (const value of [small, large, { nested: [small, { large }] }]) {
      expect(canonicalJson(value)).toBe(canonicalizeEx(value, { strictUndefined: true }));
    }
  });

  it('refuses values that are not JSON instead of dropping them, naming where', () => {
    expect(() => canonicalJson({ a: { b: [1, undefined] } })).toThrow('undefined is not permitted in JSON at ".a.b[1]"');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite number \(NaN\).*"\.a"/);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/nesting deeper than 64/);
  });
});
