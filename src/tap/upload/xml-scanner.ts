// A small streaming XML scanner for VOTable uploads: text chunks in, element and text events
// out, with line/column positions for error messages. Namespaces are reduced to local names.
// Comments, processing instructions and the DOCTYPE are skipped; long text comes in pieces.
import { UploadFormatError } from './errors.ts';

export interface XmlPosition {
  line: number;
  column: number;
}

export type XmlEvent =
  | { kind: 'open'; name: string; attributes: Map<string, string>; selfClosing: boolean; at: XmlPosition }
  | { kind: 'close'; name: string; at: XmlPosition }
  | { kind: 'text'; text: string; at: XmlPosition };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&([^;&<]*);?/g;
const NAME = /^[^\s/>=]+/;

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

export class XmlScanner {
  private buffer = '';
  private pos = 0;
  private line = 1;
  private column = 1;
  private readonly open: { name: string; at: XmlPosition }[] = [];
  private seenRoot = false;

  /** Scans what `chunk` completes; an unfinished construct waits for the next chunk. */
  push(chunk: string): Generator<XmlEvent, void, undefined> {
    this.buffer = this.buffer.slice(this.pos) + chunk;
    this.pos = 0;
    return this.scan(false);
  }

  /** The end of the document: everything left must be complete and every element closed. */
  *end(): Generator<XmlEvent, void, undefined> {
    yield* this.scan(true);
    const unclosed = this.open.at(-1);
    if (unclosed) this.fail(`the document ends inside <${unclosed.name}> (opened at line ${unclosed.at.line})`);
    if (!this.seenRoot) this.fail('the document has no root element');
  }

  /** An error at the scanner's current position. */
  fail(message: string, at: XmlPosition = this.here()): never {
    throw new UploadFormatError(`line ${at.line}, column ${at.column}: ${message}`);
  }

  private here(): XmlPosition {
    return { line: this.line, column: this.column };
  }

  /** Moves past `length` characters, keeping line and column up to date. */
  private advance(length: number): void {
    const end = this.pos + length;
    let lineStart = -1;
    for (let i = this.pos; i < end; i += 1) {
      if (this.buffer.charCodeAt(i) === 10) {
        this.line += 1;
        lineStart = i + 1;
      }
    }
    this.column = lineStart < 0 ? this.column + length : end - lineStart + 1;
    this.pos = end;
  }

  /** Events one by one, so a consumer that has seen enough leaves the rest unscanned. */
  private *scan(final: boolean): Generator<XmlEvent, void, undefined> {
    const b = this.buffer;
    while (this.pos < b.length) {
      const events: XmlEvent[] = [];
      const at = this.here();
      if (b[this.pos] !== '<') {
        const next = b.indexOf('<', this.pos);
        let end = next < 0 ? b.length : next;
        if (next < 0 && !final) {
          // Keep a trailing entity that may be cut in two for the next chunk.
          const amp = b.lastIndexOf('&');
          if (amp >= this.pos && b.indexOf(';', amp) < 0) end = amp;
        }
        if (end === this.pos) break;
        const raw = b.slice(this.pos, end);
        if (this.open.length > 0) events.push({ kind: 'text', text: this.decode(raw, at), at });
        else if (raw.trim() !== '') this.fail('text outside the root element');
        this.advance(end - this.pos);
      } else {
        const consumed = this.markup(b, at, events, final);
        if (consumed === 0) break;
        this.advance(consumed);
      }
      yield* events;
    }
    if (final && this.pos < b.length) this.fail('the document ends inside markup');
  }

  /** Scans the markup at `pos`; the number of characters it took, 0 when it is incomplete. */
  private markup(b: string, at: XmlPosition, events: XmlEvent[], final: boolean): number {
    const p = this.pos;
    if (b.startsWith('<!--', p)) return this.until('-->', p + 4, 'comment', final);
    if (b.startsWith('<![CDATA[', p)) {
      const n = this.until(']]>', p + 9, 'CDATA section', final);
      if (n > 0) {
        if (this.open.length === 0) this.fail('CDATA outside the root element');
        events.push({ kind: 'text', text: b.slice(p + 9, p + n - 3), at });
      }
      return n;
    }
    if (b.length - p < 9 && !final && '<![CDATA['.startsWith(b.slice(p))) return 0;
    if (b.startsWith('<?', p)) return this.until('?>', p + 2, 'processing instruction', final);
    if (b.startsWith('<!', p)) {
      const bracket = b.indexOf('[', p);
      const close = b.indexOf('>', p);
      return bracket >= 0 && (close < 0 || bracket < close) ? this.until(']>', bracket, 'DOCTYPE', final) : this.until('>', p, 'declaration', final);
    }
    if (b.startsWith('</', p)) {
      const n = this.until('>', p + 2, 'end tag', final);
      if (n > 0) this.closeElement(localName(b.slice(p + 2, p + n - 1).trim()), at, events);
      return n;
    }
    const end = tagEnd(b, p + 1);
    if (end < 0) {
      if (final) this.fail('unterminated start tag');
      return 0;
    }
    this.openElement(b.slice(p + 1, end), at, events);
    return end + 1 - p;
  }

  /** Characters up to and including `terminator` (searched from `from`), 0 when not there yet. */
  private until(terminator: string, from: number, what: string, final: boolean): number {
    const i = this.buffer.indexOf(terminator, from);
    if (i < 0 && final) this.fail(`unterminated ${what}`);
    return i < 0 ? 0 : i + terminator.length - this.pos;
  }

  private openElement(body: string, at: XmlPosition, events: XmlEvent[]): void {
    const selfClosing = body.endsWith('/');
    const text = selfClosing ? body.slice(0, -1) : body;
    const nameMatch = NAME.exec(text);
    if (!nameMatch) this.fail('a start tag without a name', at);
    if (this.open.length === 0 && this.seenRoot) this.fail('a second root element', at);
    this.seenRoot = true;
    const name = localName(nameMatch[0]);
    const attributes = new Map<string, string>();
    const attribute = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
    attribute.lastIndex = nameMatch[0].length;
    for (;;) {
      const start = attribute.lastIndex;
      const m = attribute.exec(text);
      if (!m) {
        if (text.slice(start).trim() !== '') this.fail(`malformed attributes in <${name}>: "${text.slice(start).trim().slice(0, 40)}"`, at);
        break;
      }
      const key = m[1] ?? '';
      if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
      attributes.set(localName(key), this.decode(m[2] ?? m[3] ?? '', at).replace(/[\t\n\r]/g, ' '));
    }
    events.push({ kind: 'open', name, attributes, selfClosing, at });
    if (selfClosing) events.push({ kind: 'close', name, at });
    else this.open.push({ name, at });
  }

  private closeElement(name: string, at: XmlPosition, events: XmlEvent[]): void {
    const top = this.open.pop();
    if (!top) this.fail(`</${name}> closes nothing`, at);
    if (top.name !== name) this.fail(`</${name}> does not close <${top.name}> (opened at line ${top.at.line})`, at);
    events.push({ kind: 'close', name, at });
  }

  /** Replaces character and the five predefined entity references. */
  private decode(raw: string, at: XmlPosition): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(ENTITY, (whole, ref: string) => {
      if (!whole.endsWith(';')) this.fail(`"&" must be written &amp; (near "${whole.slice(0, 12)}")`, at);
      const named = ENTITIES[ref];
      if (named !== undefined) return named;
      const code = /^#x[0-9a-fA-F]+$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]+$/.test(ref) ? Number(ref.slice(1)) : NaN;
      if (!Number.isInteger(code) || code > 0x10ffff) this.fail(`unknown entity &${ref};`, at);
      return String.fromCodePoint(code);
    });
  }
}

/** Index of the `>` closing a start tag that begins at `from`, skipping quoted values; -1 if not there yet. */
function tagEnd(b: string, from: number): number {
  let quote = '';
  for (let i = from; i < b.length; i += 1) {
    const c = b[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}
