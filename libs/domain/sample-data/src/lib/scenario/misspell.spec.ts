import * as fc from 'fast-check';
import { Sfc32 } from '../random/prng';
import { WATCH_LIST } from '../reference/watch-list';
import { editDistance } from '../testing/scenario-checks.test-util';
import { SPELLING_EDITS, misspell } from './misspell';

describe('misspell', () => {
  it('always changes a watch-listed name, by a small edit distance, keeping the first letter (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WATCH_LIST.map((w) => w.name)), fc.string({ minLength: 1 }), (name, seed) => {
        const { text, edits } = misspell(name, Sfc32.fromString(seed));
        expect(text).not.toBe(name);
        expect(text[0]).toBe(name[0]);
        expect(editDistance(text, name)).toBeLessThanOrEqual(4);
        expect(edits.length).toBeGreaterThanOrEqual(1);
        for (const edit of edits) expect(SPELLING_EDITS).toContain(edit);
      }),
      { numRuns: 500 },
    );
  });

  it('uses every kind of edit across many draws', () => {
    const random = Sfc32.fromString('kinds');
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) for (const e of misspell('Golden Crescent Import & Export Co., Ltd.', random).edits) seen.add(e);
    expect([...seen].sort()).toEqual([...SPELLING_EDITS].sort());
  });
});
