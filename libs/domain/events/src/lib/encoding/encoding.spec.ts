import * as fc from 'fast-check';
import { bytesEqual, fromBase64Url, toBase64Url, tryFromBase64Url, u32be } from './bytes';
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

  it('refuses values that are not JSON instead of dropping them, naming where', () => {
    expect(() => canonicalJson({ a: { b: [1, undefined] } })).toThrow('undefined is not permitted in JSON at ".a.b[1]"');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite number \(NaN\).*"\.a"/);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/nesting deeper than 64/);
  });
});
