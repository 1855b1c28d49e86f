// FITS header cards: exact round-trip of values and comments, long strings over CONTINUE,
// legal real formatting, 2880-byte padding, and agreement with astropy's header parser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CARD_LENGTH,
  FITS_BLOCK,
  commentCard,
  formatCard,
  formatHeader,
  formatReal,
  headerNumber,
  headerString,
  historyCard,
  integerCard,
  logicalCard,
  parseHeader,
  realCard,
  stringCard,
  undefinedCard,
  type HeaderCard,
} from '../../src/fits/header.ts';
import { astropyJson } from './astropy.ts';

const longText = "A long string with 'quotes' ".repeat(8).trim();
const sample: HeaderCard[] = [
  logicalCard('SIMPLE', true, 'conforms to FITS'),
  integerCard('BITPIX', -32),
  integerCard('NAXIS', 0),
  logicalCard('EXTEND', false),
  realCard('FLUXMAG0', 6.3096e10, 'counts of a 0-mag source'),
  realCard('CD1_1', -4.66666666666667e-5),
  realCard('CRPIX1', 2100),
  realCard('TINY', 1.2345678901234567e-300),
  realCard('NEG', -0.1),
  integerCard('BIGID', 43158673849729025n),
  stringCard('FILTER', 'HSC-I', 'band'),
  stringCard('QUOTE', "it's"),
  stringCard('EMPTY', ''),
  stringCard('LEADING', '  spaced'),
  stringCard('LONGSTR', longText, 'a comment after a long string'),
  stringCard('LONGCOM', 'short', 'words of a long comment '.repeat(7).trim()),
  stringCard('LONGURL', 'https://example.org/'.repeat(9), 'comment words for the long URL '.repeat(3).trim()),
  stringCard('FULL68', 'z'.repeat(68), 'a comment that cannot follow a full card'),
  undefinedCard('UNDEF', 'no value'),
  integerCard('MP_BRIGHT_OBJECT', 9, 'HIERARCH, as afw writes mask planes'),
  stringCard('ESO DET NAME', "it's long"),
  commentCard('This is a comment with / slashes and = signs'),
  historyCard('rendered by hsc-vo'),
  historyCard(''),
];

describe('FITS header cards', () => {
  it('formats every card as whole 80-character images', () => {
    for (const card of sample) expect(formatCard(card).length % CARD_LENGTH).toBe(0);
  });

  it('pads a header to a whole number of 2880-byte blocks ending with END', () => {
    const bytes = formatHeader(sample);
    expect(bytes.length % FITS_BLOCK).toBe(0);
    expect(bytes.toString('latin1')).toMatch(/END {77}/);
  });

  it('parses back exactly the cards it wrote, long strings and comments included', () => {
    const parsed = parseHeader(formatHeader(sample));
    expect(parsed.cards).toEqual(sample);
    expect(parsed.byteLength).toBe(formatHeader(sample).length);
  });

  it('re-formats parsed cards byte for byte', () => {
    const bytes = formatHeader(sample);
    expect(formatHeader(parseHeader(bytes).cards).equals(bytes)).toBe(true);
  });

  it('writes reals in FITS form that read back as the same double', () => {
    for (const x of [1, 0.1, 1e21, 6.3096e10, -4.66666666666667e-5, 5e-324, 1.7976931348623157e308]) {
      const s = formatReal('X', x);
      expect(s).toMatch(/^-?\d+\.\d*(E[+-]\d+)?$/);
      expect(Number(s)).toBe(x);
    }
  });

  it('keeps a short string that ends in & without a CONTINUE after it', () => {
    const cards = [stringCard('AMP', 'abcdefgh&'), integerCard('N', 1)];
    expect(parseHeader(formatHeader(cards)).cards).toEqual(cards);
  });

  it('rejects non-finite reals, bad keywords and non-ASCII text', () => {
    expect(() => formatCard(realCard('X', NaN))).toThrow(/cannot be written/);
    expect(() => formatCard(integerCard('lower', 1))).toThrow(/invalid FITS keyword/);
    expect(() => formatCard(stringCard('S', 'é'))).toThrow(/non-printable/);
  });

  it('reads integers beyond 2^53 as bigint and numbers through headerNumber', () => {
    const cards = parseHeader(formatHeader(sample)).cards;
    expect(headerNumber(cards, 'FLUXMAG0')).toBe(6.3096e10);
    expect(headerString(cards, 'LONGSTR')).toBe(longText);
  });

  it('agrees with astropy on every value and comment', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hdr-')), 'h.fits');
    fs.writeFileSync(file, formatHeader(sample));
    const seen = astropyJson<[string, unknown, string][]>(
      `import json, sys
from astropy.io import fits
h = fits.getheader(${JSON.stringify(file)})
out = []
for c in h.cards:
    v = c.value
    if isinstance(v, bool): v = {'b': v}
    elif isinstance(v, int): v = {'i': str(v)}
    elif isinstance(v, float): v = {'f': repr(v)}
    elif v is None or type(v).__name__ == 'Undefined': v = None
    else: v = str(v)
    out.append([c.keyword, v, c.comment])
print(json.dumps(out))`,
    );
    const byKey = new Map(seen.filter(([k]) => k !== 'COMMENT' && k !== 'HISTORY').map(([k, v, c]) => [k, { v, c }]));
    for (const card of sample) {
      // astropy 5.2 misreads '' followed by a space inside CONTINUE chunks, even in headers it
      // wrote itself; our own round trip above covers that case.
      if (card.kind !== 'value' || card.key === 'LONGSTR') continue;
      const got = byKey.get(card.key);
      expect(got, card.key).toBeDefined();
      const v = card.value;
      const want =
        v.type === 'logical' ? { b: v.value }
        : v.type === 'integer' ? { i: String(v.value) }
        : v.type === 'real' ? { f: v.value }
        : v.type === 'string' ? v.value
        : null;
      const gotV = got?.v as { f?: string } | string | null;
      if (v.type === 'real') expect(Number((gotV as { f: string }).f), card.key).toBe(v.value);
      else expect(gotV, card.key).toEqual(want);
      expect(got?.c, card.key).toBe(card.comment ?? '');
    }
    const commentary = seen.filter(([k]) => k === 'COMMENT' || k === 'HISTORY').map(([k, v]) => [k, v]);
    expect(commentary).toEqual([
      ['COMMENT', 'This is a comment with / slashes and = signs'],
      ['HISTORY', 'rendered by hsc-vo'],
      ['HISTORY', ''],
    ]);
  });
});
