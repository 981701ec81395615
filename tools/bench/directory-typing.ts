/**
 * What a person types into the directory's search box, keystroke by keystroke: the start of a real name
 * from the directory (its first word or two), from the second character on, sometimes with a slip — a
 * letter left out, two swapped, one doubled, or the Norwegian letters typed without their marks (å as a, ø
 * as o, æ as ae) — as people type on a phone or a foreign keyboard. Pure and seeded.
 */
import { SeededRandom } from '../seed/seeded-random';

export interface Keystroke {
  /** The text in the box after this keystroke: what the search is asked. */
  q: string;
  /** The name being typed. */
  target: string;
  /** The last keystroke of this name: the text the person stops at. */
  last: boolean;
  /** Whether the text holds a slip (the search must still find the name: typo-tolerant, accent-insensitive). */
  typo: boolean;
}

/** At most this many characters of a name are typed before the person finds it (or gives up). */
const MAX_TYPED = 16;

const PLAIN_LETTERS: Record<string, string> = { å: 'a', ø: 'o', æ: 'ae', Å: 'A', Ø: 'O', Æ: 'Ae' };

function slip(text: string, random: SeededRandom): string {
  const at = random.int(2, Math.max(2, text.length - 2));
  switch (random.int(0, 3)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return at + 1 < text.length ? text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2) : text;
    case 2:
      return text.slice(0, at) + text[at] + text.slice(at);
    default:
      return /[åøæÅØÆ]/.test(text) ? text.replace(/[åøæÅØÆ]/g, (letter) => PLAIN_LETTERS[letter]) : text.slice(0, at) + text.slice(at + 1);
  }
}

/** What a person would type for a name: its first two words, at most {@link MAX_TYPED} characters. */
export function typedPart(name: string): string {
  const words = name.replace(/[,()]/g, ' ').split(/\s+/).filter(Boolean);
  return words.slice(0, 2).join(' ').slice(0, MAX_TYPED).trimEnd();
}

/** `count` keystrokes, name after name (drawn from `names`), each name typed from its second character on. */
export function keystrokes(names: readonly string[], count: number, seed: number, typoShare = 0.3): Keystroke[] {
  const random = new SeededRandom(seed).fork('directory-typing');
  const out: Keystroke[] = [];
  while (out.length < count) {
    const target = random.pick(names);
    const intended = typedPart(target);
    const typo = random.chance(typoShare) && intended.length >= 5;
    const text = typo ? slip(intended, random) : intended;
    for (let length = 2; length <= text.length && out.length < count; length++) {
      if (text[length - 1] === ' ') continue;
      out.push({ q: text.slice(0, length), target, last: length === text.length, typo });
    }
  }
  return out;
}
