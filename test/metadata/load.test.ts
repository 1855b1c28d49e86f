import { describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../src/metadata/access.ts';
import { adqlMetadata } from '../../src/metadata/adql.ts';
import { MetadataError, loadTapMetadata } from '../../src/metadata/load.ts';
import { goodColumn, voResourcesFixture } from './fixture.ts';

const problemsOf = (dir: string): readonly string[] => {
  try {
    loadTapMetadata(dir);
  } catch (err) {
    if (err instanceof MetadataError) return err.problems;
    throw err;
  }
  return [];
};

const oneSchema = (tables: unknown[], extra: Record<string, unknown> = {}): string => voResourcesFixture(
  { schemas: [{ name: 's', tableset: 't', access: 'public', description: 'A schema.', ...extra }] },
  { t: { tables } },
);

describe('vo-resources metadata', () => {
  const metadata = loadTapMetadata();

  it('publishes pdr3_dud with exactly the tables and columns of pdr3_wide, from one description', () => {
    const names = (schema: string): string[] => metadata.tables().filter((t) => t.schema === schema)
      .map((t) => `${t.name}:${t.columns.map((c) => c.name).join(',')}`);
    expect(names('pdr3_wide').length).toBeGreaterThan(3);
    expect(names('pdr3_dud')).toEqual(names('pdr3_wide'));
    expect(metadata.table('pdr3_dud.forced')?.description).toMatch(/Deep and UltraDeep/);
    expect(metadata.table('pdr3_wide.forced')?.description).toMatch(/Wide layer/);
  });

  it('expands per-band columns for g, r, i, z and y with band-specific UCDs', () => {
    const forced = metadata.table('pdr3_wide.forced');
    const mags = forced?.columns.filter((c) => c.name.endsWith('_cmodel_mag')) ?? [];
    expect(mags.map((c) => c.name)).toEqual(['g_cmodel_mag', 'r_cmodel_mag', 'i_cmodel_mag', 'z_cmodel_mag', 'y_cmodel_mag']);
    expect(mags[0]?.ucd).toBe('phot.mag;em.opt.B');
    expect(mags[4]?.ucd).toBe('phot.mag;em.IR.J');
  });

  it('describes TAP_SCHEMA in itself, with every standard column std=1 and "size" delimited', () => {
    const ts = metadata.tables().filter((t) => t.schema === 'TAP_SCHEMA').map((t) => t.qualifiedName);
    expect(ts).toEqual(['TAP_SCHEMA.schemas', 'TAP_SCHEMA.tables', 'TAP_SCHEMA.columns', 'TAP_SCHEMA.keys', 'TAP_SCHEMA.key_columns']);
    const columns = metadata.table('TAP_SCHEMA.columns');
    expect(columns?.columns.every((c) => c.std)).toBe(true);
    expect(columns?.columns.find((c) => c.plainName === 'size')?.name).toBe('"size"');
    expect(metadata.foreignKeys().filter((k) => k.fromTable.startsWith('TAP_SCHEMA.')).map((k) => `${k.fromTable}->${k.targetTable}`).sort())
      .toEqual(['TAP_SCHEMA.columns->TAP_SCHEMA.tables', 'TAP_SCHEMA.key_columns->TAP_SCHEMA.keys',
        'TAP_SCHEMA.keys->TAP_SCHEMA.tables', 'TAP_SCHEMA.keys->TAP_SCHEMA.tables', 'TAP_SCHEMA.tables->TAP_SCHEMA.schemas']);
  });

  it('links forced2, masks, specz and photoz_demp to forced.object_id, frames to their raw frame, and coadd inputs to their frame and coadd', () => {
    const keys = metadata.foreignKeys().filter((k) => k.fromTable.startsWith('pdr3_wide.'));
    expect(keys.map((k) => `${k.fromTable}->${k.targetTable}`).sort()).toEqual([
      'pdr3_wide.forced2->pdr3_wide.forced', 'pdr3_wide.frame->pdr3_wide.raw_frame', 'pdr3_wide.masks->pdr3_wide.forced', 'pdr3_wide.mosaicframe->pdr3_wide.frame',
      'pdr3_wide.mosaicframe->pdr3_wide.mosaic', 'pdr3_wide.photoz_demp->pdr3_wide.forced', 'pdr3_wide.specz->pdr3_wide.forced',
    ]);
    expect(new Set(metadata.foreignKeys().map((k) => k.id)).size).toBe(metadata.foreignKeys().length);
  });

  it('publishes the frame, coadd-input, keyword-correction and mosaic tables in both PDR3 schemas, never the hidden synth schema', () => {
    for (const schema of ['pdr3_wide', 'pdr3_dud']) {
      for (const name of ['frame', 'raw_frame', 'mosaicframe', 'keyword_correction', 'mosaic']) {
        const table = metadata.table(`${schema}.${name}`);
        expect(table, `${schema}.${name}`).toBeDefined();
        expect(table?.description).not.toMatch(/\{/);
        for (const c of table?.columns ?? []) expect(c.description.length, `${schema}.${name}.${c.name}`).toBeGreaterThan(10);
      }
    }
    expect(metadata.table('pdr3_dud.frame')?.columns.find((c) => c.name === 'seeing')).toMatchObject({ unit: 'arcsec', ucd: 'instr.obsty.seeing' });
    expect(metadata.tables().filter((t) => t.qualifiedName.toLowerCase().startsWith('synth.'))).toEqual([]);
  });

  it('numbers schemas, tables and columns in display order from 1', () => {
    expect(metadata.schemas.map((s) => s.schemaIndex)).toEqual(metadata.schemas.map((_, i) => i + 1));
    expect(metadata.tables().map((t) => t.tableIndex)).toEqual(metadata.tables().map((_, i) => i + 1));
    expect(metadata.table('pdr3_wide.forced')?.columns.slice(0, 3).map((c) => [c.name, c.columnIndex]))
      .toEqual([['object_id', 1], ['ra', 2], ['dec', 3]]);
  });

  it('loads a minimal valid description', () => {
    expect(problemsOf(oneSchema([{ name: 'obj', description: 'Objects.', columns: [goodColumn] }]))).toEqual([]);
  });

  it('fails loudly, listing every problem: unknown UCD word, secondary-only first word, missing description, bad unit', () => {
    const problems = problemsOf(oneSchema([{ name: 'obj', description: 'Objects.', columns: [
      { ...goodColumn, ucd: 'phot.magnitude' },
      { name: 'b', datatype: 'double', ucd: 'em.opt.B', description: 'x' },
      { name: 'c', datatype: 'double' },
      { name: 'd', datatype: 'double', unit: 'degree', description: 'x' },
    ] }]));
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/phot\.magnitude.*not in the UCD1\+ vocabulary/);
    expect(problems.join('\n')).toMatch(/em\.opt\.B.*cannot be the first/);
    expect(problems.join('\n')).toMatch(/\(c\): "description" is missing/);
    expect(problems.join('\n')).toMatch(/"degree" is not a VOUnit/);
  });

  it('rejects misspelt keys, undelimited reserved words, strings without arraysize and xtypes of the wrong shape', () => {
    const problems = problemsOf(oneSchema([{ name: 'obj', description: 'Objects.', columns: [
      { ...goodColumn, descripton: 'typo' },
      { name: 'size', datatype: 'int', description: 'x' },
      { name: 'label', datatype: 'char', description: 'x' },
      { name: 'pos', datatype: 'double', arraysize: '3', xtype: 'point', description: 'x' },
    ] }])).join('\n');
    expect(problems).toMatch(/unknown key "descripton"/);
    expect(problems).toMatch(/"size" is an ADQL reserved word/);
    expect(problems).toMatch(/strings need an arraysize/);
    expect(problems).toMatch(/xtype point does not fit/);
  });

  it('publishes ivoa.obscore s_region as ObsCore 1.1 STC-S text with an unpublished spoly twin, and its ADQL type as REGION', () => {
    const region = metadata.table('ivoa.obscore')?.columns.find((c) => c.name === 's_region');
    expect(region).toMatchObject({ datatype: 'char', arraysize: '*', xtype: 'adql:region', geometry: 's_region_spoly', ucd: 'pos.outline;obs.field' });
    expect(region?.unit).toBeUndefined();
    expect(metadata.table('ivoa.obscore')?.columns.some((c) => c.name === 's_region_spoly')).toBe(false);
    const adql = adqlMetadata(metadata).findTables('obscore')[0]?.columns.find((c) => c.name === 's_region');
    expect(adql).toMatchObject({ type: { name: 'REGION' }, geometry: 's_region_spoly' });
  });

  it('accepts a geometry twin only on an STC-S column, named plainly and not published itself', () => {
    const region = { name: 'footprint', datatype: 'char', arraysize: '*', xtype: 'adql:region', description: 'x' };
    expect(problemsOf(oneSchema([{ name: 'obs', description: 'Obs.', columns: [{ ...region, geometry: 'footprint_spoly' }] }]))).toEqual([]);
    const problems = problemsOf(oneSchema([{ name: 'obs', description: 'Obs.', columns: [
      { ...region, geometry: 'pos' },
      { name: 'pos', datatype: 'double', arraysize: '2', xtype: 'point', geometry: 'pos_spoint', description: 'x' },
      { ...region, name: 'other', geometry: 'Has Space' },
      { ...region, name: 'numeric', datatype: 'double' },
    ] }])).join('\n');
    expect(problems).toMatch(/geometry column pos of footprint must not be published/);
    expect(problems).toMatch(/geometry \(a pg_sphere twin column\) is for xtype adql:region columns only/);
    expect(problems).toMatch(/geometry "Has Space" is not a plain lower-case column name/);
    expect(problems).toMatch(/xtype adql:region does not fit datatype double/);
  });

  it('rejects foreign keys to unpublished tables or columns, and unknown placeholders', () => {
    const problems = problemsOf(oneSchema([
      { name: 'a', description: 'A {nothing}.', columns: [goodColumn], foreignKeys: [{ target: 'missing', columns: [['object_id', 'object_id']] }] },
      { name: 'b', description: 'B.', columns: [goodColumn], foreignKeys: [{ target: 'a', columns: [['object_id', 'no_such']] }] },
    ])).join('\n');
    expect(problems).toMatch(/unknown placeholder \{nothing\}/);
    expect(problems).toMatch(/target table s\.missing is not published/);
    expect(problems).toMatch(/no column no_such in s\.a/);
  });

  it('hides restricted releases from callers outside them, and the keys that point into them', () => {
    const dir = voResourcesFixture({ schemas: [
      { name: 'pub', tableset: 'p', access: 'public', description: 'Public.' },
      { name: 'coi', tableset: 'c', access: 'restricted', release: 's23b', description: 'CoI only.' },
    ] }, {
      p: { tables: [{ name: 'obj', description: 'Objects.', columns: [goodColumn], foreignKeys: [{ target: 'coi.extra', columns: [['object_id', 'object_id']] }] }] },
      c: { tables: [{ name: 'extra', description: 'Extra.', columns: [goodColumn] }] },
    });
    const all = loadTapMetadata(dir);
    const anonymous = all.visibleTo(ANONYMOUS);
    expect(anonymous.tables().map((t) => t.qualifiedName)).toEqual(['pub.obj']);
    expect(anonymous.foreignKeys()).toEqual([]);
    expect(anonymous.table('coi.extra')).toBeUndefined();
    const member = all.visibleTo({ releases: new Set(['s23b']) });
    expect(member.tables().map((t) => t.qualifiedName)).toEqual(['pub.obj', 'coi.extra']);
    expect(member.foreignKeys()).toHaveLength(1);
  });
});
