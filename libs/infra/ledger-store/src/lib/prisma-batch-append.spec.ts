import { packBytes, packTexts } from './prisma-batch-append';

describe('packTexts', () => {
  it('joins texts with U+001F and writes null as the empty string', () => {
    expect(packTexts(['UCR-1', null, 'UCR-3'])).toBe('UCR-1\u001f\u001fUCR-3');
    expect(packTexts([null])).toBe('');
  });

  it('refuses a value that would split differently in SQL', () => {
    expect(() => packTexts(['a\u001fb'])).toThrow(/U\+001F/);
    expect(() => packTexts(['ok', ''])).toThrow(/empty/);
  });
});

describe('packBytes', () => {
  it('concatenates byte strings and says where each starts and how long it is', () => {
    const packed = packBytes([Uint8Array.of(1, 2), Uint8Array.of(), Uint8Array.of(3)]);
    expect([...packed.blob]).toEqual([1, 2, 3]);
    expect(packed.offsets).toEqual([0, 2, 2]);
    expect(packed.lengths).toEqual([2, 0, 1]);
  });
});
