import { foldDiacritics } from '../normalize/foldDiacritics.ts';
import { showValue } from '../normalize/showValue.ts';

const CEDILLA = /ç/g;
const NON_ASCII = /[^\x00-\x7f]/;

/** The word being coded: upper-case, padded with spaces so look-ahead never runs off the end. */
interface Word {
  readonly text: string;
  readonly length: number;
  readonly last: number;
  readonly slavoGermanic: boolean;
  readonly germanic: boolean;
}

const isVowel = (word: Word, index: number): boolean => {
  if (index < 0) return false;
  const c = word.text.charCodeAt(index);
  // A E I O U Y
  return c === 65 || c === 69 || c === 73 || c === 79 || c === 85 || c === 89;
};
const charAt = (word: Word, index: number): string => (index < 0 ? '' : word.text.charAt(index));
/** True when one of `options` starts at `index` (Philips' StringAt); false before the start. */
const at = (word: Word, index: number, ...options: string[]): boolean => {
  if (index < 0) return false;
  for (const option of options) if (word.text.startsWith(option, index)) return true;
  return false;
};

/**
 * Lawrence Philips' Double Metaphone (C/C++ Users Journal, June 2000): a primary and an
 * alternate phonetic code for a name, so that names spelled after different languages' sounds
 * share a code: `smith` → `['SM0', 'XMT']`, `schmidt` → `['XMT', 'SMT']` (they meet on XMT),
 * `catherine` and `katherine` → `['K0RN', 'KTRN']`. `0` stands for "th", `X` for "sh"/"ch".
 *
 * Follows Philips' published rules, with two deliberate differences: codes are NOT cut to 4
 * characters (`thompson` → `['TMPSN', 'TMPSN']`; use `.slice(0, 4)` for the classic keys), and a
 * final J adds nothing to the alternate code (the original appends a space). When the word has no
 * alternate pronunciation, the alternate equals the primary.
 *
 * Case-insensitive. Accented letters are folded (`ç` codes as S, as in the original); spaces are
 * significant (`van `, `san ` prefixes, `Mac Gregor`); digits, punctuation and letters of other
 * scripts are skipped. Returns `['', '']` when nothing is codable. Throws a TypeError for a
 * non-string.
 */
export function doubleMetaphone(s: string): [string, string] {
  if (typeof s !== 'string') throw new TypeError(`doubleMetaphone: expected a string, got ${showValue(s)}`);
  let upper = s.toLowerCase();
  if (NON_ASCII.test(upper)) upper = foldDiacritics(upper.replace(CEDILLA, 's'));
  upper = upper.toUpperCase();
  const text = `${upper}     `;
  const word: Word = {
    text,
    length: upper.length,
    last: upper.length - 1,
    slavoGermanic: upper.includes('W') || upper.includes('K') || upper.includes('CZ'),
    germanic: upper.startsWith('VAN ') || upper.startsWith('VON ') || upper.startsWith('SCH'),
  };

  let primary = '';
  let alternate = '';
  const add = (main: string, other: string = main) => {
    primary += main;
    alternate += other;
  };

  let i = 0;
  // Silent first letter: gnome, knight, pneumonia, wright, psychology.
  if (at(word, 0, 'GN', 'KN', 'PN', 'WR', 'PS')) i = 1;
  // Initial X sounds like Z, which codes as S: Xavier.
  if (text.charAt(0) === 'X') {
    add('S');
    i = 1;
  }

  while (i < word.length) {
    switch (text.charAt(i)) {
      case 'A': case 'E': case 'I': case 'O': case 'U': case 'Y':
        if (i === 0) add('A');
        i += 1;
        break;
      case 'B':
        add('P');
        i += charAt(word, i + 1) === 'B' ? 2 : 1;
        break;
      case 'C':
        i = codeC(word, i, add);
        break;
      case 'D':
        if (at(word, i, 'DG')) {
          if (at(word, i + 2, 'I', 'E', 'Y')) {
            add('J'); // edge
            i += 3;
          } else {
            add('TK'); // Edgar
            i += 2;
          }
        } else if (at(word, i, 'DT', 'DD')) {
          add('T');
          i += 2;
        } else {
          add('T');
          i += 1;
        }
        break;
      case 'F':
        add('F');
        i += charAt(word, i + 1) === 'F' ? 2 : 1;
        break;
      case 'G':
        i = codeG(word, i, add);
        break;
      case 'H':
        // Kept only when first or between vowels, and before a vowel.
        if ((i === 0 || isVowel(word, i - 1)) && isVowel(word, i + 1)) {
          add('H');
          i += 2;
        } else {
          i += 1;
        }
        break;
      case 'J':
        i = codeJ(word, i, add);
        break;
      case 'K':
        add('K');
        i += charAt(word, i + 1) === 'K' ? 2 : 1;
        break;
      case 'L':
        if (charAt(word, i + 1) === 'L') {
          // Spanish: cabrillo, gallegos.
          if ((i === word.length - 3 && at(word, i - 1, 'ILLO', 'ILLA', 'ALLE'))
            || ((at(word, word.last - 1, 'AS', 'OS') || at(word, word.last, 'A', 'O')) && at(word, i - 1, 'ALLE'))) {
            add('L', '');
            i += 2;
            break;
          }
          i += 2;
        } else {
          i += 1;
        }
        add('L');
        break;
      case 'M':
        // dumb, thumb, dumber.
        if ((at(word, i - 1, 'UMB') && (i + 1 === word.last || at(word, i + 2, 'ER'))) || charAt(word, i + 1) === 'M') i += 2;
        else i += 1;
        add('M');
        break;
      case 'N':
        add('N');
        i += charAt(word, i + 1) === 'N' ? 2 : 1;
        break;
      case 'P':
        if (charAt(word, i + 1) === 'H') {
          add('F');
          i += 2;
        } else {
          add('P'); // campbell, raspberry
          i += at(word, i + 1, 'P', 'B') ? 2 : 1;
        }
        break;
      case 'Q':
        add('K');
        i += charAt(word, i + 1) === 'Q' ? 2 : 1;
        break;
      case 'R':
        // French final -ier (Rogier), but not Germanic (Hochmeier).
        if (i === word.last && !word.slavoGermanic && at(word, i - 2, 'IE') && !at(word, i - 4, 'ME', 'MA')) add('', 'R');
        else add('R');
        i += charAt(word, i + 1) === 'R' ? 2 : 1;
        break;
      case 'S':
        i = codeS(word, i, add);
        break;
      case 'T':
        i = codeT(word, i, add);
        break;
      case 'V':
        add('F');
        i += charAt(word, i + 1) === 'V' ? 2 : 1;
        break;
      case 'W':
        i = codeW(word, i, add);
        break;
      case 'X':
        // French final -x is silent: breaux.
        if (!(i === word.last && (at(word, i - 3, 'IAU', 'EAU') || at(word, i - 2, 'AU', 'OU')))) add('KS');
        i += at(word, i + 1, 'C', 'X') ? 2 : 1;
        break;
      case 'Z':
        if (charAt(word, i + 1) === 'H') {
          add('J'); // Chinese pinyin: Zhao
          i += 2;
          break;
        }
        if (at(word, i + 1, 'ZO', 'ZI', 'ZA') || (word.slavoGermanic && i > 0 && charAt(word, i - 1) !== 'T')) add('S', 'TS');
        else add('S');
        i += charAt(word, i + 1) === 'Z' ? 2 : 1;
        break;
      default:
        i += 1;
    }
  }
  return [primary, alternate];
}

type Add = (main: string, other?: string) => void;

function codeC(word: Word, i: number, add: Add): number {
  // Germanic -ach- (Bacher, Macher) but not -achi-, -ache-.
  if (i > 1 && !isVowel(word, i - 2) && at(word, i - 1, 'ACH') && charAt(word, i + 2) !== 'I'
    && (charAt(word, i + 2) !== 'E' || at(word, i - 2, 'BACHER', 'MACHER'))) {
    add('K');
    return i + 2;
  }
  if (i === 0 && at(word, i, 'CAESAR')) {
    add('S');
    return i + 2;
  }
  if (at(word, i, 'CHIA')) {
    add('K'); // chianti
    return i + 2;
  }
  if (at(word, i, 'CH')) {
    if (i > 0 && at(word, i, 'CHAE')) {
      add('K', 'X'); // michael
      return i + 2;
    }
    // Greek roots at the start: chemistry, chorus, character, charisma (but chore).
    if (i === 0 && (at(word, i + 1, 'HARAC', 'HARIS') || at(word, i + 1, 'HOR', 'HYM', 'HIA', 'HEM')) && !at(word, 0, 'CHORE')) {
      add('K');
      return i + 2;
    }
    if (word.germanic || at(word, i - 2, 'ORCHES', 'ARCHIT', 'ORCHID') || at(word, i + 2, 'T', 'S')
      || ((at(word, i - 1, 'A', 'O', 'U', 'E') || i === 0) && at(word, i + 2, 'L', 'R', 'N', 'M', 'B', 'H', 'F', 'V', 'W', ' '))) {
      add('K');
    } else if (i > 0) {
      if (at(word, 0, 'MC')) add('K'); // McHugh
      else add('X', 'K');
    } else {
      add('X');
    }
    return i + 2;
  }
  if (at(word, i, 'CZ') && !at(word, i - 2, 'WICZ')) {
    add('S', 'X'); // Czerny
    return i + 2;
  }
  if (at(word, i + 1, 'CIA')) {
    add('X'); // focaccia
    return i + 3;
  }
  // Double C, but not McClellan.
  if (at(word, i, 'CC') && !(i === 1 && charAt(word, 0) === 'M')) {
    if (at(word, i + 2, 'I', 'E', 'H') && !at(word, i + 2, 'HU')) {
      if ((i === 1 && charAt(word, i - 1) === 'A') || at(word, i - 1, 'UCCEE', 'UCCES')) add('KS'); // accident, succeed
      else add('X'); // bacci, bertucci
      return i + 3;
    }
    add('K'); // Pierce's rule
    return i + 2;
  }
  if (at(word, i, 'CK', 'CG', 'CQ')) {
    add('K');
    return i + 2;
  }
  if (at(word, i, 'CI', 'CE', 'CY')) {
    if (at(word, i, 'CIO', 'CIE', 'CIA')) add('S', 'X'); // Italian
    else add('S');
    return i + 2;
  }
  add('K');
  if (at(word, i + 1, ' C', ' Q', ' G')) return i + 3; // Mac Caffrey, Mac Gregor
  if (at(word, i + 1, 'C', 'K', 'Q') && !at(word, i + 1, 'CE', 'CI')) return i + 2;
  return i + 1;
}

function codeG(word: Word, i: number, add: Add): number {
  const next = charAt(word, i + 1);
  if (next === 'H') {
    if (i > 0 && !isVowel(word, i - 1)) {
      add('K');
      return i + 2;
    }
    if (i === 0) {
      add(charAt(word, i + 2) === 'I' ? 'J' : 'K'); // ghislane, ghoul
      return i + 2;
    }
    // Parker's rule: hugh, bough, broughton.
    if ((i > 1 && at(word, i - 2, 'B', 'H', 'D')) || (i > 2 && at(word, i - 3, 'B', 'H', 'D')) || (i > 3 && at(word, i - 4, 'B', 'H'))) {
      return i + 2;
    }
    // laugh, McLaughlin, cough, gough, rough, tough.
    if (i > 2 && charAt(word, i - 1) === 'U' && at(word, i - 3, 'C', 'G', 'L', 'R', 'T')) add('F');
    else if (i > 0 && charAt(word, i - 1) !== 'I') add('K');
    return i + 2;
  }
  if (next === 'N') {
    if (i === 1 && isVowel(word, 0) && !word.slavoGermanic) add('KN', 'N');
    // Not Cagney. (Philips also tests the letter after G for Y here, which is always N.)
    else if (!at(word, i + 2, 'EY') && !word.slavoGermanic) add('N', 'KN');
    else add('KN');
    return i + 2;
  }
  if (at(word, i + 1, 'LI') && !word.slavoGermanic) {
    add('KL', 'L'); // tagliaro
    return i + 2;
  }
  // -ges-, -gep-, -gel-, -gie- at the start.
  if (i === 0 && (next === 'Y' || at(word, i + 1, 'ES', 'EP', 'EB', 'EL', 'EY', 'IB', 'IL', 'IN', 'IE', 'EI', 'ER'))) {
    add('K', 'J');
    return i + 2;
  }
  // -ger-, -gy-.
  if ((at(word, i + 1, 'ER') || next === 'Y') && !at(word, 0, 'DANGER', 'RANGER', 'MANGER')
    && !at(word, i - 1, 'E', 'I') && !at(word, i - 1, 'RGY', 'OGY')) {
    add('K', 'J');
    return i + 2;
  }
  // Italian: biaggi.
  if (at(word, i + 1, 'E', 'I', 'Y') || at(word, i - 1, 'AGGI', 'OGGI')) {
    if (word.germanic || at(word, i + 1, 'ET')) add('K');
    else if (at(word, i + 1, 'IER ')) add('J'); // French ending
    else add('J', 'K');
    return i + 2;
  }
  add('K');
  return next === 'G' ? i + 2 : i + 1;
}

function codeJ(word: Word, i: number, add: Add): number {
  // Spanish: Jose, San Jacinto.
  if (at(word, i, 'JOSE') || at(word, 0, 'SAN ')) {
    if ((i === 0 && charAt(word, i + 4) === ' ') || at(word, 0, 'SAN ')) add('H');
    else add('J', 'H');
    return i + 1;
  }
  if (i === 0) {
    add('J', 'A'); // Yankelovich / Jankelowicz
  } else if (isVowel(word, i - 1) && !word.slavoGermanic && at(word, i + 1, 'A', 'O')) {
    add('J', 'H'); // bajador
  } else if (i === word.last) {
    add('J', '');
  } else if (!at(word, i + 1, 'L', 'T', 'K', 'S', 'N', 'M', 'B', 'Z') && !at(word, i - 1, 'S', 'K', 'L')) {
    add('J');
  }
  return charAt(word, i + 1) === 'J' ? i + 2 : i + 1;
}

function codeS(word: Word, i: number, add: Add): number {
  // Silent in island, isle, carlisle, carlysle.
  if (at(word, i - 1, 'ISL', 'YSL')) return i + 1;
  if (i === 0 && at(word, i, 'SUGAR')) {
    add('X', 'S');
    return i + 1;
  }
  if (at(word, i, 'SH')) {
    add(at(word, i + 1, 'HEIM', 'HOEK', 'HOLM', 'HOLZ') ? 'S' : 'X'); // Germanic
    return i + 2;
  }
  // Italian and Armenian: -sio-, -sia-, -sian.
  if (at(word, i, 'SIO', 'SIA')) {
    if (word.slavoGermanic) add('S');
    else add('S', 'X');
    return i + 3;
  }
  // German and anglicised: Smith / Schmidt, Snider / Schneider; Slavic -sz-.
  if ((i === 0 && at(word, i + 1, 'M', 'N', 'L', 'W')) || at(word, i + 1, 'Z')) {
    add('S', 'X');
    return at(word, i + 1, 'Z') ? i + 2 : i + 1;
  }
  if (at(word, i, 'SC')) {
    if (charAt(word, i + 2) === 'H') {
      // Schlesinger's rule; Dutch school, schooner; schermerhorn, schenker.
      if (at(word, i + 3, 'OO', 'ER', 'EN', 'UY', 'ED', 'EM')) {
        if (at(word, i + 3, 'ER', 'EN')) add('X', 'SK');
        else add('SK');
        return i + 3;
      }
      if (i === 0 && !isVowel(word, 3) && charAt(word, 3) !== 'W') add('X', 'S');
      else add('X');
      return i + 3;
    }
    if (at(word, i + 2, 'I', 'E', 'Y')) add('S');
    else add('SK');
    return i + 3;
  }
  // French final -ais, -ois: silent in the primary.
  if (i === word.last && at(word, i - 2, 'AI', 'OI')) add('', 'S');
  else add('S');
  return at(word, i + 1, 'S', 'Z') ? i + 2 : i + 1;
}

function codeT(word: Word, i: number, add: Add): number {
  if (at(word, i, 'TION')) {
    add('X');
    return i + 3;
  }
  if (at(word, i, 'TIA', 'TCH')) {
    add('X');
    return i + 3;
  }
  if (at(word, i, 'TH', 'TTH')) {
    // Thomas, Thames, or Germanic.
    if (at(word, i + 2, 'OM', 'AM') || word.germanic) add('T');
    else add('0', 'T');
    return i + 2;
  }
  add('T');
  return at(word, i + 1, 'T', 'D') ? i + 2 : i + 1;
}

function codeW(word: Word, i: number, add: Add): number {
  if (at(word, i, 'WR')) {
    add('R');
    return i + 2;
  }
  if (i === 0 && (isVowel(word, i + 1) || at(word, i, 'WH'))) {
    // Wasserman / Vasserman; Uomo / Womo.
    if (isVowel(word, i + 1)) add('A', 'F');
    else add('A');
  }
  // Arnow / Arnoff; Polish -ewski.
  if ((i === word.last && isVowel(word, i - 1)) || at(word, i - 1, 'EWSKI', 'EWSKY', 'OWSKI', 'OWSKY') || at(word, 0, 'SCH')) {
    add('', 'F');
    return i + 1;
  }
  // Polish: Filipowicz.
  if (at(word, i, 'WICZ', 'WITZ')) {
    add('TS', 'FX');
    return i + 4;
  }
  return i + 1;
}
