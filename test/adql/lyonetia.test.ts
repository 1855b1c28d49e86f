// Conformance: the IVOA lyonetia ADQL validation suite parses exactly as it says (valid accepted, invalid refused).
import { describe, it, expect } from 'vitest';
import { parse } from '../../src/adql/parser.ts';
import { readLyonetia } from './lyonetia.ts';

const queries = readLyonetia();

describe('lyonetia ADQL 2.1 validation suite', () => {
  it('is read from the shared research copy, all of it', () => {
    expect(queries.length).toBeGreaterThanOrEqual(200);
    expect(queries.filter((q) => !q.valid).length).toBeGreaterThanOrEqual(20);
  });

  // No exception list: every query the suite marks valid parses, every invalid one is refused.
  it.each(queries.map((q) => [`${q.file} #${q.index} (${q.valid ? 'valid' : 'invalid'})`, q] as const))('%s', (_name, q) => {
    const result = parse(q.adql, { functions: q.functions });
    const detail = result.ok ? 'accepted' : result.errors.map((e) => e.describe()).join('; ');
    expect({ query: q.adql, accepted: result.ok, detail }).toMatchObject({ accepted: q.valid });
  });
});
