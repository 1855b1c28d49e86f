// The CSV encoder writes every cell exactly as csvCell (String(v) for numbers) would, on the fast
// byte path for short decimals and on the String() path for the rest.
import { describe, it, expect, vi } from 'vitest';
import { csvCell, csvRowBytes, csvRowView, csvRows } from '../../src/generate/csv.ts';
import { streamFor } from '../../src/generate/rng.ts';
import type { Cell } from '../../src/generate/table.ts';

/** The reference encoding: csvCell per cell, comma-separated lines. */
const reference = (rows: Cell[][]): string => rows.map((r) => r.map(csvCell).join(',') + '\n').join('');

function numbers(): number[] {
  const rng = streamFor(1, 'csv-test');
  const out = [0, -0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 1e-6, 1.5e-6, 9.99e-7, 1e-7, 5e-324, 1e21, 1e20, 123456789012345680000, 2 ** 50, 2 ** 53, 2 ** 53 + 2, -(2 ** 60), 0.5, 2.5, 1 / 3, 100, 1e15, 1e16, 4503599627370495.5, 31.4, 27, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, -(2 ** 31) - 1, 1e8, 0.12345678, 12345678.5, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity];
  for (let i = 0; i < 20_000; i++) {
    const mag = Math.pow(10, rng.between(-9, 17));
    const v = (rng.chance(0.3) ? -1 : 1) * mag * rng.uniform();
    out.push(v);
    // Decimals of every length, as rounded generator values are.
    const d = rng.int(16);
    out.push(Math.round(v * 10 ** d) / 10 ** d);
    out.push(Math.round(rng.between(-1e6, 1e6)));
    out.push(Math.fround(v));
  }
  return out;
}

describe('csvRows', () => {
  it('writes every number exactly as String() does', () => {
    const values = numbers();
    const rows: Cell[][] = [];
    for (let i = 0; i < values.length; i += 8) rows.push(values.slice(i, i + 8));
    const got = csvRows(rows).split('\n');
    const want = reference(rows).split('\n');
    for (let i = 0; i < want.length; i++) expect(got[i], `row ${i}`).toBe(want[i]);
  });

  it('writes nulls, booleans, bigints and quoted or non-ASCII strings as csvCell does', () => {
    const rows: Cell[][] = [
      [null, true, false, 42045891581837313n, 0n, -5n, '', 'a,b', 'say "hi"', 'line\nbreak', 'café ☃', 'plain'],
      [1.25, null, '4,4', 'equator08'],
      [999999999n, 1000000000n, 1000000001n, 42045891581837313n, 0n, 42045891999999999n, 42045892000000000n, 7n, -42045891581837313n, 2n ** 63n - 1n],
      [],
    ];
    expect(csvRows(rows)).toBe(reference(rows));
    expect(csvRowBytes(rows).equals(Buffer.from(reference(rows), 'utf8'))).toBe(true);
  });

  it('csvRowView gives the bytes of csvRowBytes in a buffer that the next call overwrites', () => {
    const rows: Cell[][] = [[1n, 0.25, 'a', true, null, -3]];
    const view = csvRowView(rows);
    expect(view.equals(csvRowBytes(rows))).toBe(true);
    const own = csvRowBytes(rows);
    csvRowView([[9n, 9.75, 'z', false, 7, 8]]);
    expect(view.toString()).toBe('9,9.75,z,f,7,8\n');
    expect(own.toString()).toBe('1,0.25,a,t,,-3\n');
  });

  it('grows its buffer for chunks larger than the initial 64 KiB', () => {
    const rows: Cell[][] = Array.from({ length: 5000 }, (_, i) => [BigInt(i), i / 7, 'x'.repeat(i % 50), i % 2 === 0]);
    expect(csvRows(rows)).toBe(reference(rows));
  });

  it('writes the first bigint of a fresh module exactly, however small (1n was once written as 2)', async () => {
    vi.resetModules();
    const fresh = await import('../../src/generate/csv.ts');
    expect(fresh.csvRowBytes([[1n], [2n], [999_999_999n], [1_000_000_000n]]).toString()).toBe('1\n2\n999999999\n1000000000\n');
  });
});
