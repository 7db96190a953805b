// Slight misspellings of watch-listed names, the way they reach customs in practice (typos,
// transliteration variants, dropped punctuation), so a risk engine must match them fuzzily.
import type { Random } from '../random/prng';

export const SPELLING_EDITS = ['swap', 'drop', 'double', 'vowel', 'punctuation', 'space'] as const;
export type SpellingEdit = (typeof SPELLING_EDITS)[number];

const LETTER = /\p{L}/u;
const VOWELS = 'aeiou';

/** Positions (after the first character) holding a letter. */
function letterPositions(chars: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < chars.length; i++) if (LETTER.test(chars[i])) out.push(i);
  return out;
}

function applyEdit(chars: string[], edit: SpellingEdit, random: Random): boolean {
  switch (edit) {
    case 'swap': {
      const spots = letterPositions(chars).filter((i) => i + 1 < chars.length && LETTER.test(chars[i + 1]) && chars[i] !== chars[i + 1]);
      if (spots.length === 0) return false;
      const i = random.pick(spots);
      [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
      return true;
    }
    case 'drop': {
      const spots = letterPositions(chars);
      if (spots.length === 0) return false;
      chars.splice(random.pick(spots), 1);
      return true;
    }
    case 'double': {
      const spots = letterPositions(chars);
      if (spots.length === 0) return false;
      const i = random.pick(spots);
      chars.splice(i, 0, chars[i]);
      return true;
    }
    case 'vowel': {
      const spots = letterPositions(chars).filter((i) => VOWELS.includes(chars[i]));
      if (spots.length === 0) return false;
      const i = random.pick(spots);
      const others = VOWELS.replace(chars[i], '');
      chars[i] = others[random.below(others.length)];
      return true;
    }
    case 'punctuation': {
      const spots = chars.flatMap((c, i) => (c === '.' || c === ',' ? [i] : []));
      if (spots.length === 0) return false;
      chars.splice(random.pick(spots), 1);
      return true;
    }
    case 'space': {
      const spots = chars.flatMap((c, i) => (c === ' ' && i > 0 && LETTER.test(chars[i - 1]) && LETTER.test(chars[i + 1] ?? '') ? [i] : []));
      if (spots.length === 0) return false;
      chars.splice(random.pick(spots), 1);
      return true;
    }
  }
}

/**
 * One edit (70%) or two (30%), each changing at most one or two characters, so the result
 * stays within a small edit distance of the original and is never equal to it.
 */
export function misspell(name: string, random: Random): { readonly text: string; readonly edits: readonly SpellingEdit[] } {
  const chars = Array.from(name);
  const wanted = random.chance(0.3) ? 2 : 1;
  const edits: SpellingEdit[] = [];
  for (let attempt = 0; edits.length < wanted && attempt < 20; attempt++) {
    const edit = random.pick(SPELLING_EDITS);
    if (applyEdit(chars, edit, random)) edits.push(edit);
  }
  let text = chars.join('');
  if (text === name || edits.length === 0) {
    // Swapping two equal letters back and forth could cancel out; a dropped letter never does.
    const fallback = Array.from(name);
    applyEdit(fallback, 'drop', random);
    text = fallback.join('');
    edits.splice(0, edits.length, 'drop');
  }
  return { text, edits };
}
