// ADQL 2.1 lexical analysis (ADQL 2.1 §2.1): identifiers, delimited identifiers, string and
// numeric literals, operators and `--` comments, each token with its source position.
import { AdqlError, type SourcePosition } from './errors.ts';
import { isReservedWord } from './reserved.ts';

export type Token =
  /** A regular identifier or keyword; `upper` is its case-folded spelling. */
  | { readonly type: 'word'; readonly text: string; readonly upper: string; readonly reserved: boolean; readonly pos: SourcePosition }
  /** A delimited identifier, quotes removed and doubled quotes undone. */
  | { readonly type: 'quoted'; readonly text: string; readonly pos: SourcePosition }
  | { readonly type: 'string'; readonly text: string; readonly pos: SourcePosition }
  /** `text` is the literal exactly as written (digits, one period, exponent). */
  | { readonly type: 'number'; readonly text: string; readonly form: NumberForm; readonly pos: SourcePosition }
  | { readonly type: 'op'; readonly text: Operator; readonly pos: SourcePosition }
  | { readonly type: 'end'; readonly pos: SourcePosition };

export type NumberForm = 'integer' | 'decimal' | 'approximate';

export type Operator = '(' | ')' | ',' | '.' | '*' | '+' | '-' | '/' | '||' | '=' | '!=' | '<>' | '<' | '>' | '<=' | '>=' | ';';

const TWO_CHAR_OPERATORS: ReadonlySet<string> = new Set(['||', '!=', '<>', '<=', '>=']);
const ONE_CHAR_OPERATORS: ReadonlySet<string> = new Set(['(', ')', ',', '.', '*', '+', '-', '/', '=', '<', '>', ';']);

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isIdentifierPart = (c: string): boolean => isLetter(c) || isDigit(c) || c === '_';
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** Splits ADQL text into tokens, ending with an `end` token; throws AdqlError(syntax) on a stray character. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const here = (): SourcePosition => ({ line, column: i - lineStart + 1, offset: i });
  const fail = (message: string, at: SourcePosition = here()): never => {
    throw new AdqlError('syntax', message, at);
  };
  const newlineAt = (index: number): void => {
    line += 1;
    lineStart = index + 1;
  };

  while (i < text.length) {
    const c = text.charAt(i);
    if (isSpace(c)) {
      if (c === '\n') newlineAt(i);
      i += 1;
      continue;
    }
    if (c === '-' && text.charAt(i + 1) === '-') {
      while (i < text.length && text.charAt(i) !== '\n') i += 1;
      continue;
    }
    const pos = here();
    if (isLetter(c)) {
      let j = i + 1;
      while (j < text.length && isIdentifierPart(text.charAt(j))) j += 1;
      const word = text.slice(i, j);
      const upper = word.toUpperCase();
      tokens.push({ type: 'word', text: word, upper, reserved: isReservedWord(upper), pos });
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text.charAt(i + 1)))) {
      let j = i;
      let form: NumberForm = 'integer';
      while (isDigit(text.charAt(j))) j += 1;
      if (text.charAt(j) === '.') {
        form = 'decimal';
        j += 1;
        while (isDigit(text.charAt(j))) j += 1;
      }
      const e = text.charAt(j);
      if (e === 'e' || e === 'E') {
        let k = j + 1;
        if (text.charAt(k) === '+' || text.charAt(k) === '-') k += 1;
        if (!isDigit(text.charAt(k))) fail('malformed exponent in numeric literal', pos);
        while (isDigit(text.charAt(k))) k += 1;
        form = 'approximate';
        j = k;
      }
      if (isIdentifierPart(text.charAt(j))) fail(`a number cannot be followed directly by "${text.charAt(j)}"`, pos);
      tokens.push({ type: 'number', text: text.slice(i, j), form, pos });
      i = j;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) fail(c === "'" ? 'unterminated string literal' : 'unterminated delimited identifier', pos);
        const d = text.charAt(j);
        if (d === c) {
          if (text.charAt(j + 1) === c) {
            value += c;
            j += 2;
            continue;
          }
          break;
        }
        if (d === '\n') newlineAt(j);
        value += d;
        j += 1;
      }
      if (c === '"' && value.length === 0) fail('a delimited identifier cannot be empty', pos);
      tokens.push(c === "'" ? { type: 'string', text: value, pos } : { type: 'quoted', text: value, pos });
      i = j + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_OPERATORS.has(two)) {
      tokens.push({ type: 'op', text: two as Operator, pos });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPERATORS.has(c)) {
      tokens.push({ type: 'op', text: c as Operator, pos });
      i += 1;
      continue;
    }
    fail(`unexpected character "${c}"`, pos);
  }
  tokens.push({ type: 'end', pos: here() });
  return tokens;
}
