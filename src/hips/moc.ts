// Space MOC (MOC 2.0 §4, §6, §7.1): a well-formed set of HEALPix NESTED cells built from the
// tiles of one order, its sky fraction, and the FITS serialization (NUNIQ, 1J or 1K) of Moc.fits.
import { formatHeader, integerCard, logicalCard, paddedLength, stringCard } from '../fits/header.ts';

/** Cells of a MOC: for each order, sorted NESTED indices; no overlaps, siblings merged. */
export type Moc = Map<number, number[]>;

/** The well-formed MOC of a set of cells at one order: every complete group of 4 siblings goes up. */
export function mocFromCells(order: number, cells: Iterable<number>): Moc {
  const moc: Moc = new Map();
  let current = [...new Set(cells)].sort((a, b) => a - b);
  for (let k = order; k >= 0; k--) {
    const keep: number[] = [];
    const parents: number[] = [];
    for (let i = 0; i < current.length; i++) {
      const n = current[i] as number;
      if (k > 0 && n % 4 === 0 && current[i + 3] === n + 3) {
        parents.push(n / 4);
        i += 3;
      } else {
        keep.push(n);
      }
    }
    if (keep.length > 0) moc.set(k, keep);
    current = parents;
    if (current.length === 0) break;
  }
  return moc;
}

/** NUNIQ values (uniq = 4·4^order + npix), ascending. */
export function mocUniq(moc: Moc): number[] {
  const out: number[] = [];
  for (const [order, cells] of moc) for (const n of cells) out.push(4 * 4 ** order + n);
  return out.sort((a, b) => a - b);
}

export function mocSkyFraction(moc: Moc): number {
  let f = 0;
  for (const [order, cells] of moc) f += cells.length / (12 * 4 ** order);
  return f;
}

/** Highest order with cells (the MOC's MOCORD_S). */
export function mocMaxOrder(moc: Moc): number {
  return Math.max(0, ...moc.keys());
}

/** Moc.fits: an empty primary HDU and a BINTABLE with the NUNIQ column (MOC 2.0 §6). */
export function encodeMocFits(moc: Moc, maxOrder: number): Buffer {
  const uniq = mocUniq(moc);
  const wide = maxOrder >= 14;
  const width = wide ? 8 : 4;
  const primary = formatHeader([
    logicalCard('SIMPLE', true),
    integerCard('BITPIX', 8),
    integerCard('NAXIS', 0),
    logicalCard('EXTEND', true),
  ]);
  const table = formatHeader([
    stringCard('XTENSION', 'BINTABLE'),
    integerCard('BITPIX', 8),
    integerCard('NAXIS', 2),
    integerCard('NAXIS1', width),
    integerCard('NAXIS2', uniq.length),
    integerCard('PCOUNT', 0),
    integerCard('GCOUNT', 1),
    integerCard('TFIELDS', 1),
    stringCard('TTYPE1', 'UNIQ'),
    stringCard('TFORM1', wide ? '1K' : '1J'),
    stringCard('MOCVERS', '2.0'),
    stringCard('MOCDIM', 'SPACE'),
    stringCard('ORDERING', 'NUNIQ'),
    stringCard('COORDSYS', 'C'),
    integerCard('MOCORD_S', maxOrder),
    stringCard('PIXTYPE', 'HEALPIX'),
    integerCard('MOCORDER', maxOrder),
    stringCard('MOCTOOL', 'hsc-vo'),
    stringCard('MOCTYPE', 'IMAGE'),
    stringCard('EXTNAME', 'MOC'),
  ]);
  const data = Buffer.alloc(paddedLength(uniq.length * width));
  uniq.forEach((u, i) => {
    if (wide) data.writeBigInt64BE(BigInt(u), i * 8);
    else data.writeInt32BE(u, i * 4);
  });
  return Buffer.concat([primary, table, data]);
}

/** The MOC as JSON (MOC 2.0 §4.3.3 JSON form), for web clients. */
export function mocJson(moc: Moc): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const order of [...moc.keys()].sort((a, b) => a - b)) out[String(order)] = moc.get(order) ?? [];
  return out;
}
