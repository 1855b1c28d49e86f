// FITS header cards (FITS 4.0 §4): format and parse 80-character card images, with long
// strings over CONTINUE cards (§4.2.1.2), COMMENT/HISTORY commentary, END and 2880-byte blocks.
// Value keywords longer than 8 characters use the ESO HIERARCH convention (as LSST afw writes
// its MP_* mask-plane cards).

export const FITS_BLOCK = 2880;
export const CARD_LENGTH = 80;

export class FitsError extends Error {
  override name = 'FitsError';
}

/** A keyword's value, tagged with its FITS type so that integers and reals round-trip distinctly. */
export type CardValue =
  | { type: 'logical'; value: boolean }
  | { type: 'integer'; value: number | bigint }
  | { type: 'real'; value: number }
  | { type: 'string'; value: string }
  | { type: 'undefined' }
  /** A value this parser does not interpret (e.g. complex numbers), kept as its text. */
  | { type: 'unparsed'; text: string };

export interface ValueCard {
  kind: 'value';
  key: string;
  value: CardValue;
  comment?: string;
}

/** COMMENT, HISTORY, blank-keyword and any other card without a value indicator ("= "). */
export interface CommentaryCard {
  kind: 'commentary';
  key: string;
  text: string;
}

export type HeaderCard = ValueCard | CommentaryCard;

// ---------------------------------------------------------------------------------------------
// Constructors

export function logicalCard(key: string, value: boolean, comment?: string): ValueCard {
  return withComment({ kind: 'value', key, value: { type: 'logical', value } }, comment);
}

export function integerCard(key: string, value: number | bigint, comment?: string): ValueCard {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new FitsError(`${key}: ${value} is not a safe integer (use a bigint)`);
  }
  return withComment({ kind: 'value', key, value: { type: 'integer', value } }, comment);
}

export function realCard(key: string, value: number, comment?: string): ValueCard {
  return withComment({ kind: 'value', key, value: { type: 'real', value } }, comment);
}

export function stringCard(key: string, value: string, comment?: string): ValueCard {
  return withComment({ kind: 'value', key, value: { type: 'string', value } }, comment);
}

export function undefinedCard(key: string, comment?: string): ValueCard {
  return withComment({ kind: 'value', key, value: { type: 'undefined' } }, comment);
}

export function commentCard(text: string): CommentaryCard {
  return { kind: 'commentary', key: 'COMMENT', text };
}

export function historyCard(text: string): CommentaryCard {
  return { kind: 'commentary', key: 'HISTORY', text };
}

function withComment(card: ValueCard, comment: string | undefined): ValueCard {
  return comment === undefined ? card : { ...card, comment };
}

// ---------------------------------------------------------------------------------------------
// Formatting

const KEY_RE = /^[A-Z0-9_-]{0,8}$/;
const HIERARCH_KEY_RE = /^[A-Z0-9_-]+( [A-Z0-9_-]+)*$/;
const HIERARCH = 'HIERARCH ';
/** Longest quoted-text length of a string alone on one card: 80 − "KEYWORD= " − two quotes. */
const STRING_ALONE = CARD_LENGTH - 10 - 2;
/** Same for a chunk of a continued string, which also carries the '&'. */
const STRING_ROOM = STRING_ALONE - 1;

/** The card images (each exactly 80 characters, concatenated) of one card. */
export function formatCard(card: HeaderCard): string {
  if (card.kind === 'value' && !KEY_RE.test(card.key) && HIERARCH_KEY_RE.test(card.key)) return formatHierarch(card);
  checkKey(card.key);
  switch (card.kind) {
    case 'commentary':
      return formatCommentary(card);
    case 'value':
      return formatValueCard(card);
    default: {
      const never: never = card;
      throw new FitsError(`unknown card ${String(never)}`);
    }
  }
}

/** A whole header: the cards, END, and space padding to a multiple of 2880 bytes. */
export function formatHeader(cards: readonly HeaderCard[]): Buffer {
  const text = cards.map(formatCard).join('') + 'END'.padEnd(CARD_LENGTH);
  return Buffer.from(text.padEnd(paddedLength(text.length)), 'latin1');
}

/** n rounded up to a whole number of 2880-byte blocks. */
export function paddedLength(n: number): number {
  return Math.ceil(n / FITS_BLOCK) * FITS_BLOCK;
}

function checkKey(key: string): void {
  if (!KEY_RE.test(key)) throw new FitsError(`invalid FITS keyword '${key}'`);
}

/** `HIERARCH KEY = value / comment` on one card; values must fit it. */
function formatHierarch(card: ValueCard): string {
  const comment = card.comment ?? '';
  checkText(comment);
  const v = card.value;
  if (v.type === 'string') checkText(v.value);
  const valueText = v.type === 'string' ? `'${quote(v.value)}'` : formatScalar(card.key, v).trim();
  const image = `${HIERARCH}${card.key} = ${valueText}`;
  if (image.length > CARD_LENGTH) throw new FitsError(`HIERARCH card ${card.key} does not fit 80 characters`);
  return withTrailingComment(image, comment);
}

function formatCommentary(card: CommentaryCard): string {
  checkText(card.text);
  const room = CARD_LENGTH - 8;
  const pieces: string[] = [];
  for (let i = 0; i < card.text.length; i += room) pieces.push(card.text.slice(i, i + room));
  if (pieces.length === 0) pieces.push('');
  return pieces.map((p) => (card.key.padEnd(8) + p).padEnd(CARD_LENGTH)).join('');
}

function formatValueCard(card: ValueCard): string {
  const head = card.key.padEnd(8) + '= ';
  const comment = card.comment ?? '';
  checkText(comment);
  if (card.value.type === 'string') return formatStringCard(head, card.value.value, comment);
  const valueText = formatScalar(card.key, card.value);
  return withTrailingComment(head + valueText, comment);
}

/** Appends " / comment" to a card image, truncating the comment at the card's end. */
function withTrailingComment(image: string, comment: string): string {
  if (comment === '') return image.padEnd(CARD_LENGTH);
  return (image + ' / ' + comment).slice(0, CARD_LENGTH).padEnd(CARD_LENGTH);
}

function formatScalar(key: string, value: Exclude<CardValue, { type: 'string' }>): string {
  switch (value.type) {
    case 'logical':
      return (value.value ? 'T' : 'F').padStart(20);
    case 'integer':
      return String(value.value).padStart(20);
    case 'real':
      return formatReal(key, value.value).padStart(20);
    case 'undefined':
      return ''.padStart(20);
    case 'unparsed':
      return value.text.padStart(20);
    default: {
      const never: never = value;
      throw new FitsError(`unknown value ${String(never)}`);
    }
  }
}

/** The shortest text that reads back as the same double, in FITS form (decimal point, 'E'). */
export function formatReal(key: string, x: number): string {
  if (!Number.isFinite(x)) throw new FitsError(`${key}: ${x} cannot be written in a FITS header`);
  if (Object.is(x, -0)) return '-0.0';
  // Both forms carry the shortest round-trip digits; keep the shorter (e.g. CD = 4.666...E-5).
  const plain = String(x);
  const exponential = x.toExponential();
  const s = (plain.length > exponential.length ? exponential : plain).toUpperCase();
  const e = s.indexOf('E');
  const mantissa = e < 0 ? s : s.slice(0, e);
  const exponent = e < 0 ? '' : s.slice(e);
  return (mantissa.includes('.') ? mantissa : mantissa + '.0') + exponent;
}

function formatStringCard(head: string, value: string, comment: string): string {
  checkText(value);
  if (value.length === 0) return withTrailingComment(head + "''", comment);
  if (quote(value).length <= STRING_ALONE) {
    const single = head + "'" + quote(value.padEnd(8)) + "'";
    if (comment === '' || single.length + 3 + comment.length <= CARD_LENGTH) return withTrailingComment(single, comment);
  }
  const chunks = splitString(value);
  const images = chunks.map((chunk, i) => (i === 0 ? head : 'CONTINUE  ') + "'" + quote(chunk) + "&'");
  const last = images.length - 1;
  // The last chunk closes the string unless the comment does not fit after it; then the
  // string goes on with empty chunks carrying the comment (the layout astropy writes too).
  const lastClosed = images[last]!.slice(0, -2) + "'";
  if (lastClosed.length + 3 + comment.length <= CARD_LENGTH) {
    images[last] = withTrailingComment(lastClosed, comment);
    return images.map((image) => image.padEnd(CARD_LENGTH)).join('');
  }
  const pieces = splitComment(comment, CARD_LENGTH - "CONTINUE  '&' / ".length);
  pieces.forEach((piece, i) => {
    const body = i === pieces.length - 1 ? "''" : "'&'";
    images.push(withTrailingComment('CONTINUE  ' + body, piece));
  });
  return images.map((image) => image.padEnd(CARD_LENGTH)).join('');
}

/** Splits a string so each chunk, quotes doubled, fits one card; never splits a quote pair. */
function splitString(value: string): string[] {
  const chunks: string[] = [];
  let chunk = '';
  let room = STRING_ROOM;
  for (const ch of value) {
    const cost = ch === "'" ? 2 : 1;
    if (cost > room) {
      chunks.push(chunk);
      chunk = '';
      room = STRING_ROOM;
    }
    chunk += ch;
    room -= cost;
  }
  chunks.push(chunk);
  return chunks;
}

/**
 * Splits a long comment into pieces of at most `room` characters at spaces; readers (astropy
 * and parseCardImages) join the pieces with one space. A word longer than `room` is cut.
 */
function splitComment(comment: string, room: number): string[] {
  const pieces: string[] = [];
  let rest = comment;
  while (rest.length > room) {
    const space = rest.lastIndexOf(' ', room);
    const cut = space > 0 ? space : room;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(space > 0 ? cut + 1 : cut);
  }
  pieces.push(rest);
  return pieces;
}

function quote(s: string): string {
  return s.replaceAll("'", "''");
}

function checkText(s: string): void {
  // FITS headers are restricted to printable ASCII (0x20–0x7E).
  if (!/^[\x20-\x7e]*$/.test(s)) throw new FitsError(`non-printable-ASCII text in header: ${JSON.stringify(s)}`);
}

// ---------------------------------------------------------------------------------------------
// Parsing

export interface ParsedHeader {
  cards: HeaderCard[];
  /** Bytes the header occupies, END card and padding included. */
  byteLength: number;
}

/**
 * Parses a header starting at `offset` of `bytes`. Throws if END is not within `bytes`;
 * use `findEnd` on successive 2880-byte blocks when reading from a file.
 */
export function parseHeader(bytes: Uint8Array, offset = 0): ParsedHeader {
  const end = findEnd(bytes, offset);
  if (end < 0) throw new FitsError('no END card in header');
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + offset, end - offset).toString('latin1');
  const images: string[] = [];
  for (let i = 0; i < text.length; i += CARD_LENGTH) images.push(text.slice(i, i + CARD_LENGTH));
  return { cards: parseCardImages(images), byteLength: paddedLength(end + CARD_LENGTH - offset) };
}

/** Byte offset of the END card at or after `offset` (card-aligned from `offset`), or -1. */
export function findEnd(bytes: Uint8Array, offset = 0): number {
  for (let p = offset; p + CARD_LENGTH <= bytes.length; p += CARD_LENGTH) {
    // 'E' 'N' 'D' followed by spaces up to column 8
    if (bytes[p] === 0x45 && bytes[p + 1] === 0x4e && bytes[p + 2] === 0x44) {
      let blank = true;
      for (let k = 3; k < 8; k++) if (bytes[p + k] !== 0x20) blank = false;
      if (blank) return p;
    }
  }
  return -1;
}

/** Parses card images (without END), joining long strings continued over CONTINUE cards. */
export function parseCardImages(images: readonly string[]): HeaderCard[] {
  const cards: HeaderCard[] = [];
  let open: { card: ValueCard; text: string; comments: string[]; continued: boolean } | undefined;
  const close = (): void => {
    // A string that merely ends in '&' with no CONTINUE after it keeps its '&'.
    if (!open?.continued) {
      open = undefined;
      return;
    }
    const comment = open.comments.join(' ');
    open.card.value = { type: 'string', value: open.text.trimEnd() };
    if (comment !== '') open.card.comment = comment;
    else delete open.card.comment;
    open = undefined;
  };
  for (const image of images) {
    const key = image.slice(0, 8).trimEnd();
    if (open && key === 'CONTINUE' && image.slice(8, 10) === '  ') {
      const rest = image.slice(10).trimStart();
      if (rest.startsWith("'")) {
        const { text, after } = readQuoted(rest);
        const more = text.endsWith('&');
        open.continued = true;
        open.text += more ? text.slice(0, -1) : text;
        const c = readComment(after);
        if (c !== undefined) open.comments.push(c);
        if (!more) close();
        continue;
      }
    }
    close();
    const card = parseCard(image);
    cards.push(card);
    if (card.kind === 'value' && card.value.type === 'string' && !image.startsWith(HIERARCH)) {
      const raw = rawStringOf(image);
      if (raw.endsWith('&')) {
        open = {
          card,
          text: raw.slice(0, -1),
          comments: card.comment === undefined ? [] : [card.comment],
          continued: false,
        };
      }
    }
  }
  close();
  return cards;
}

/** Parses one 80-character card image (CONTINUE is not joined here). */
export function parseCard(image: string): HeaderCard {
  if (image.startsWith(HIERARCH)) {
    const eq = image.indexOf('=');
    const key = eq < 0 ? '' : image.slice(HIERARCH.length, eq).trim();
    if (HIERARCH_KEY_RE.test(key)) return parseValueField(key, image.slice(eq + 1));
  }
  const key = image.slice(0, 8).trimEnd();
  if (image.slice(8, 10) !== '= ' || key === 'COMMENT' || key === 'HISTORY' || key === '') {
    return { kind: 'commentary', key, text: image.slice(8).trimEnd() };
  }
  return parseValueField(key, image.slice(10));
}

function parseValueField(key: string, field: string): ValueCard {
  const body = field.trimStart();
  if (body.startsWith("'")) {
    const { text, after } = readQuoted(body);
    return withComment({ kind: 'value', key, value: { type: 'string', value: text.trimEnd() } }, readComment(after));
  }
  const slash = body.indexOf('/');
  const valueText = (slash < 0 ? body : body.slice(0, slash)).trim();
  const comment = slash < 0 ? undefined : readComment(body.slice(slash));
  return withComment({ kind: 'value', key, value: parseScalar(valueText) }, comment);
}

function rawStringOf(image: string): string {
  return readQuoted(image.slice(10).trimStart()).text;
}

function readQuoted(s: string): { text: string; after: string } {
  let text = '';
  let i = 1;
  while (i < s.length) {
    const ch = s[i];
    if (ch === "'") {
      if (s[i + 1] === "'") {
        text += "'";
        i += 2;
        continue;
      }
      return { text, after: s.slice(i + 1) };
    }
    text += ch;
    i++;
  }
  throw new FitsError(`unterminated string in header: ${s}`);
}

function readComment(after: string): string | undefined {
  const s = after.trimStart();
  if (!s.startsWith('/')) return undefined;
  const c = s.slice(1);
  return (c.startsWith(' ') ? c.slice(1) : c).trimEnd();
}

const INTEGER_RE = /^[+-]?\d+$/;
const REAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)([ED][+-]?\d+)?$/;

function parseScalar(text: string): CardValue {
  if (text === '') return { type: 'undefined' };
  if (text === 'T' || text === 'F') return { type: 'logical', value: text === 'T' };
  if (INTEGER_RE.test(text)) {
    const big = BigInt(text);
    const safe = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER);
    return { type: 'integer', value: safe ? Number(big) : big };
  }
  if (REAL_RE.test(text)) return { type: 'real', value: Number(text.replace('D', 'E')) };
  return { type: 'unparsed', text };
}

// ---------------------------------------------------------------------------------------------
// Lookups

/** The first value card with this keyword. */
export function findCard(cards: readonly HeaderCard[], key: string): ValueCard | undefined {
  for (const c of cards) if (c.kind === 'value' && c.key === key) return c;
  return undefined;
}

/** A numeric keyword's value (integer or real), or undefined when absent or not numeric. */
export function headerNumber(cards: readonly HeaderCard[], key: string): number | undefined {
  const v = findCard(cards, key)?.value;
  if (v?.type === 'integer') return Number(v.value);
  if (v?.type === 'real') return v.value;
  return undefined;
}

export function headerString(cards: readonly HeaderCard[], key: string): string | undefined {
  const v = findCard(cards, key)?.value;
  return v?.type === 'string' ? v.value : undefined;
}

export function headerLogical(cards: readonly HeaderCard[], key: string): boolean | undefined {
  const v = findCard(cards, key)?.value;
  return v?.type === 'logical' ? v.value : undefined;
}

export function requireNumber(cards: readonly HeaderCard[], key: string): number {
  const n = headerNumber(cards, key);
  if (n === undefined) throw new FitsError(`header has no numeric ${key}`);
  return n;
}

/** Replaces the first card with the same keyword, or appends; returns a new array. */
export function setCard(cards: readonly HeaderCard[], card: ValueCard): HeaderCard[] {
  const i = cards.findIndex((c) => c.kind === 'value' && c.key === card.key);
  if (i < 0) return [...cards, card];
  const out = [...cards];
  out[i] = card;
  return out;
}
