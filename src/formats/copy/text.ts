// PostgreSQL text COPY (tab-separated, \N for null, backslash escapes; PostgreSQL 15 docs, COPY
// "Text Format") rewritten into the text serializations: TABLEDATA rows, CSV and TSV lines.
// All-numeric results are rewritten a chunk at a time with a few native string replacements.
import { isNumericCopyType, type CopyType } from './columns.ts';
import { CopyFormatError, type CopyTranscoder } from './pump.ts';

const NEWLINE = 0x0a;

/** How one text serialization writes cells and rows (each already in its final text). */
export interface TextDialect {
  /** Text of a string value (unescaped from COPY): escaped or quoted as the format needs. */
  text(s: string): string;
  /** Words for true and false. */
  booleans: readonly [string, string];
  /** Words for +∞ and -∞ (PostgreSQL writes Infinity, -Infinity; NaN is NaN everywhere). */
  infinities: readonly [string, string];
  /** One row from its cells' texts, null meaning null. */
  row(cells: readonly (string | null)[]): string;
  /**
   * Rows from COPY lines of numbers only (each line ending '\n', fields tab-separated, nulls
   * and infinities already in this dialect's words): done with whole-string replacements.
   */
  numericLines(lines: string): string;
}

const UNESCAPE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const ESCAPED = /\\(.)/gs;

/** A COPY text field's value: backslash sequences undone. */
export function unescapeCopyText(s: string): string {
  return s.includes('\\') ? s.replace(ESCAPED, (_, c: string) => UNESCAPE[c] ?? c) : s;
}

/** The index just past the `n`-th '\n' of `s`, or -1 when it has fewer. */
function afterLine(s: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = s.indexOf('\n', at + 1);
    if (at < 0) return -1;
  }
  return at + 1;
}

function countLines(s: string): number {
  let n = 0;
  for (let at = s.indexOf('\n'); at >= 0; at = s.indexOf('\n', at + 1)) n++;
  return n;
}

export class TextFromCopy implements CopyTranscoder {
  overflowed = false;
  private pending: Buffer | undefined;
  private readonly numericOnly: boolean;
  private readonly cell: ((s: string) => string)[];

  constructor(private readonly types: readonly CopyType[], private readonly dialect: TextDialect,
    private readonly write: (text: string) => void) {
    this.numericOnly = types.every(isNumericCopyType);
    const [yes, no] = dialect.booleans;
    const [plus, minus] = dialect.infinities;
    this.cell = types.map((t) => {
      if (t === 'text') return (s) => dialect.text(unescapeCopyText(s));
      if (t === 'bool') return (s) => (s === 't' ? yes : no);
      return (s) => (s === 'Infinity' ? plus : s === '-Infinity' ? minus : s);
    });
  }

  push(chunk: Buffer, room: number): number {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    // Whole lines only; a '\n' byte is never inside a UTF-8 sequence, so the cut is safe.
    const cut = buf.lastIndexOf(NEWLINE) + 1;
    if (cut < buf.length) this.pending = buf.subarray(cut);
    if (cut === 0) return 0;
    let lines = buf.toString('utf8', 0, cut);
    let rows = countLines(lines);
    if (rows > room) {
      this.overflowed = true;
      this.pending = undefined;
      rows = room;
      lines = lines.slice(0, afterLine(lines, room));
      if (rows === 0) return 0;
    }
    this.write(this.numericOnly ? this.dialect.numericLines(this.numericText(lines)) : this.rowsText(lines));
    return rows;
  }

  finish(): void {
    if (this.pending && this.pending.length > 0) throw new CopyFormatError('the COPY stream ended inside a row');
  }

  private numericText(lines: string): string {
    let s = lines.includes('\\N') ? lines.replaceAll('\\N', '') : lines;
    if (s.includes('Infinity')) {
      const [plus, minus] = this.dialect.infinities;
      s = s.replaceAll('-Infinity', minus).replaceAll('Infinity', plus);
    }
    return s;
  }

  private rowsText(lines: string): string {
    const n = this.types.length;
    let out = '';
    let start = 0;
    for (let end = lines.indexOf('\n'); end >= 0; start = end + 1, end = lines.indexOf('\n', start)) {
      const fields = lines.slice(start, end).split('\t');
      if (fields.length !== n) throw new CopyFormatError(`a COPY row has ${fields.length} fields for ${n} columns`);
      const cells = fields.map((f, i) => (f === '\\N' ? null : this.cell[i]!(f)));
      out += this.dialect.row(cells);
    }
    return out;
  }
}
