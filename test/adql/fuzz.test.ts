// Robustness: mutated corpus queries (tokens deleted or duplicated, random bytes, very long and
// deeply nested inputs) never crash, never hang, and any SQL produced is pure translator output.
import { describe, it, expect } from 'vitest';
import { compile } from '../../src/adql/index.ts';
import { AdqlError } from '../../src/adql/errors.ts';
import { hscMetadata } from './fixtures.ts';
import { foreignWords } from './sql-vocabulary.ts';

const SEEDS = [
  "SELECT TOP 10 object_id, ra, dec FROM pdr3_wide.forced WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 150, 2, 0.1)) = 1 ORDER BY ra",
  'SELECT f.object_id, p.photoz_best FROM pdr3_wide.forced AS f JOIN pdr3_wide.photoz_demp AS p ON p.object_id = f.object_id WHERE f.i_cmodel_mag < 24',
  "SELECT tract, COUNT(*), AVG(i_cmodel_mag) FROM pdr3_wide.forced WHERE ra BETWEEN 149 AND 151 AND tract IN (1, 2) GROUP BY tract HAVING COUNT(*) > 3",
  "WITH b AS (SELECT object_id FROM pdr3_wide.forced WHERE i_cmodel_mag < 20) SELECT * FROM b UNION SELECT object_id FROM pdr3_wide.masks",
  "SELECT CASE WHEN ra > 150 THEN 'e' ELSE 'w' END AS side, COALESCE(pm_ra, 0), IN_UNIT(ra, 'arcmin') FROM pdr3_wide.forced WHERE name LIKE 'x%'",
  'SELECT m.name, DISTANCE(POINT(f.ra, f.dec), POINT(m.ra, m.dec)) FROM TAP_UPLOAD.mine m, pdr3_wide.forced f WHERE DISTANCE(f.ra, f.dec, m.ra, m.dec) < 0.01',
];

/** A small deterministic PRNG (mulberry32) so failures replay. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(text: string, rand: () => number): string {
  const tokens = text.split(/(\s+|[(),.=<>*'])/).filter((t) => t !== '');
  const pick = (): number => Math.floor(rand() * tokens.length);
  for (let n = 1 + Math.floor(rand() * 3); n > 0; n -= 1) {
    const i = pick();
    const r = rand();
    if (r < 0.35) tokens.splice(i, 1);
    else if (r < 0.7) tokens.splice(i, 0, tokens[pick()] ?? '');
    else tokens.splice(i, 0, String.fromCharCode(Math.floor(rand() * 0x3000)));
  }
  return tokens.join('');
}

function compileSafely(text: string): { ok: boolean; sql?: string } {
  const result = compile(text, hscMetadata, { uploadSchema: 'up' });
  if (!result.ok) {
    for (const error of result.errors) expect(error).toBeInstanceOf(AdqlError);
    return { ok: false };
  }
  return { ok: true, sql: result.value.sql };
}

describe('ADQL fuzzing', () => {
  it('the seeds themselves compile to pure translator SQL', () => {
    for (const seed of SEEDS.filter((s) => !s.includes('name LIKE'))) {
      const result = compileSafely(seed);
      expect(result.ok).toBe(true);
      expect(foreignWords(result.sql ?? '')).toEqual([]);
    }
  });

  it('4000 mutated queries: AdqlError or vocabulary-only SQL, never a crash', () => {
    const rand = random(20240607);
    let translated = 0;
    for (let i = 0; i < 4000; i += 1) {
      const text = mutate(SEEDS[i % SEEDS.length] ?? '', rand);
      const result = compileSafely(text);
      if (result.ok) {
        translated += 1;
        expect({ text, foreign: foreignWords(result.sql ?? '') }).toEqual({ text, foreign: [] });
      }
    }
    expect(translated).toBeGreaterThan(100);
  });

  it('random bytes are refused as syntax errors', () => {
    const rand = random(7);
    for (let i = 0; i < 500; i += 1) {
      const text = Array.from({ length: 1 + Math.floor(rand() * 80) }, () => String.fromCharCode(Math.floor(rand() * 256))).join('');
      expect(compileSafely(text).ok).toBe(false);
    }
  });

  it('deep nesting of every kind ends quickly with an error, not a stack overflow', () => {
    const started = performance.now();
    const cases = [
      `SELECT ${'('.repeat(3000)}ra${')'.repeat(3000)} FROM pdr3_wide.forced`,
      `SELECT ra FROM pdr3_wide.forced WHERE ${'('.repeat(3000)}ra > 1${')'.repeat(3000)}`,
      `SELECT ra FROM pdr3_wide.forced WHERE ${'NOT '.repeat(3000)}ra > 1`,
      `SELECT ${'-'.repeat(5000)}ra FROM pdr3_wide.forced`,
      `SELECT ra FROM ${'(SELECT ra FROM '.repeat(500)}pdr3_wide.forced${') AS q'.repeat(500)}`,
      `SELECT ra FROM pdr3_wide.forced WHERE ra IN ${'(SELECT ra FROM pdr3_wide.forced WHERE ra IN '.repeat(300)}(1)${')'.repeat(300)}`,
    ];
    for (const text of cases) expect(compileSafely(text).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a long but shallow query within the length limit compiles, a longer one is refused', () => {
    const list = Array.from({ length: 5000 }, (_, i) => i).join(', ');
    expect(compileSafely(`SELECT ra FROM pdr3_wide.forced WHERE tract IN (${list})`).ok).toBe(true);
    expect(compileSafely(`SELECT ra FROM pdr3_wide.forced WHERE tract IN (${list}, ${list}, ${list}, ${list})`).ok).toBe(false);
  });
});
