// REGION columns stored as STC-S text with a pg_sphere twin (ObsCore 1.1 §4.12 s_region): the
// output is the text (char, xtype adql:region), every geometry use reads the indexed twin.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compile } from '../../src/adql/index.ts';
import { metadataFromTables, type MetadataProvider } from '../../src/adql/metadata.ts';
import { createHscTestSchema, type HscTestSchema } from './database.ts';
import { hscMetadata, OBSCORE } from './fixtures.ts';

function translate(text: string, meta: MetadataProvider = hscMetadata) {
  const result = compile(text, meta);
  if (!result.ok) throw new Error(result.errors.map((e) => e.describe()).join('; '));
  return result.value;
}

/** The numbers of an STC-S polygon, after checking its words. */
function polygonNumbers(stcs: string): number[] {
  const words = stcs.split(' ');
  expect(words.slice(0, 2)).toEqual(['POLYGON', 'ICRS']);
  return words.slice(2).map(Number);
}

describe('STC-S REGION columns in translation', () => {
  it('SELECT s_region reads the stored text, published as char * adql:region without a unit', () => {
    const query = translate('SELECT obs_id, s_region FROM ivoa.obscore');
    expect(query.sql).toContain('"obscore"."s_region" AS "s_region"');
    expect(query.sql).not.toContain('s_region_spoly');
    const region = query.columns.find((c) => c.name === 's_region');
    expect(region).toMatchObject({ datatype: 'char', arraysize: '*', xtype: 'adql:region', ucd: 'pos.outline;obs.field' });
    expect(region?.unit).toBeUndefined();
  });

  it('CONTAINS, INTERSECTS, AREA and CENTROID on s_region compute with the spoly twin', () => {
    const query = translate(`SELECT AREA(s_region) AS a, CENTROID(s_region) AS c FROM ivoa.obscore
      WHERE INTERSECTS(s_region, CIRCLE('ICRS', 150, 2, 0.1)) = 1 AND CONTAINS(POINT('ICRS', 150, 2), s_region) = 1`);
    expect(query.sql).toContain('("obscore"."s_region_spoly" && scircle(');
    expect(query.sql).toContain('(spoint(radians(150), radians(2)) <@ "obscore"."s_region_spoly")');
    expect(query.sql).toContain('area("obscore"."s_region_spoly")');
    expect(query.sql).toContain('center("obscore"."s_region_spoly")');
  });

  it('a derived table passes the polygon on and the outer query writes it as STC-S', () => {
    const query = translate('SELECT t.s_region FROM (SELECT s_region FROM ivoa.obscore) AS t WHERE INTERSECTS(t.s_region, POINT(150, 2)) = 1');
    expect(query.sql).toContain('SELECT "obscore"."s_region_spoly" AS "s_region" FROM');
    expect(query.sql).toMatch(/^SELECT \('POLYGON ICRS ' \|\| array_to_string\(/);
    expect(query.columns[0]).toMatchObject({ datatype: 'char', xtype: 'adql:region' });
  });

  it('an STC-S column without a pg_sphere twin can be selected but not computed with', () => {
    const bare = metadataFromTables([{ ...OBSCORE, columns: OBSCORE.columns.map(({ geometry: _twin, ...c }) => c) }]);
    expect(translate('SELECT s_region FROM ivoa.obscore', bare).sql).toContain('"obscore"."s_region" AS "s_region"');
    const refused = compile('SELECT obs_id FROM ivoa.obscore WHERE INTERSECTS(s_region, CIRCLE(150, 2, 1)) = 1', bare);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors[0]?.message).toMatch(/s_region is STC-S text .* can only be selected/);
  });
});

describe('STC-S REGION columns on the database', () => {
  let db: HscTestSchema;
  beforeAll(async () => {
    db = await createHscTestSchema(inject('databaseUrl'), 2_000);
  });
  afterAll(async () => {
    await db?.drop();
  });

  async function rows(adql: string): Promise<Record<string, unknown>[]> {
    return (await db.client.query(translate(adql, db.meta).sql)).rows as Record<string, unknown>[];
  }

  it('returns s_region as the STC-S text, and the same polygon when it went through a derived table', async () => {
    const [direct] = await rows("SELECT s_region FROM ivoa.obscore WHERE obs_id = 'obs7'");
    const [derived] = await rows("SELECT t.s_region FROM (SELECT obs_id, s_region FROM ivoa.obscore) AS t WHERE t.obs_id = 'obs7'");
    const stored = polygonNumbers(String(direct?.s_region));
    const computed = polygonNumbers(String(derived?.s_region));
    expect(stored).toHaveLength(8);
    expect(computed).toHaveLength(8);
    computed.forEach((x, i) => expect(x).toBeCloseTo(stored[i] ?? NaN, 9));
  });

  it('finds a footprint by CONTAINS of its centre and INTERSECTS of a small circle there, and measures its area', async () => {
    const [one] = await rows("SELECT s_ra, s_dec FROM ivoa.obscore WHERE obs_id = 'obs3'");
    const ra = Number(one?.s_ra);
    const dec = Number(one?.s_dec);
    const containing = await rows(`SELECT obs_id, AREA(s_region) AS a FROM ivoa.obscore WHERE CONTAINS(POINT(${ra}, ${dec}), s_region) = 1`);
    expect(containing.map((r) => r.obs_id)).toContain('obs3');
    const area = Number(containing.find((r) => r.obs_id === 'obs3')?.a);
    expect(area).toBeCloseTo(0.02 * 0.02 * Math.cos((dec * Math.PI) / 180), 6);
    const touching = await rows(`SELECT obs_id FROM ivoa.obscore WHERE INTERSECTS(s_region, CIRCLE(${ra + 0.015}, ${dec}, 0.006)) = 1`);
    expect(touching.map((r) => r.obs_id)).toContain('obs3');
    const far = await rows(`SELECT obs_id FROM ivoa.obscore WHERE INTERSECTS(s_region, CIRCLE(${ra + 0.05}, ${dec}, 0.006)) = 1`);
    expect(far.map((r) => r.obs_id)).not.toContain('obs3');
  });

  it('groups, orders and unions s_region by its text', async () => {
    const grouped = await rows('SELECT s_region, COUNT(*) AS n FROM ivoa.obscore GROUP BY s_region ORDER BY s_region');
    const total = await rows('SELECT COUNT(*) AS n FROM ivoa.obscore');
    expect(grouped.reduce((sum, r) => sum + Number(r.n), 0)).toBe(Number(total[0]?.n));
    const union = await rows("SELECT s_region FROM ivoa.obscore WHERE obs_id = 'obs1' UNION SELECT s_region FROM ivoa.obscore WHERE obs_id = 'obs1'");
    expect(union).toHaveLength(1);
    expect(String(union[0]?.s_region)).toMatch(/^POLYGON ICRS /);
  });
});
