// Loads vo-resources/tap (schemas.json and the tablesets it names) into typed, validated
// metadata. Any problem (unknown UCD word, missing description, dangling foreign key...) fails
// the load with the whole list, so a bad edit never reaches TAP_SCHEMA or /tables.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.ts';
import type { VotableDatatype, Xtype } from '../formats/types.ts';
import { type TapMetadata, tapMetadata } from './catalog.ts';
import { columnProblems, identifierProblem, plainName } from './checks.ts';
import { Fields, type JsonObject, Problems, isObject } from './json.ts';
import type {
  AccessTag, ColumnDescription, ForeignKeyDescription, PositionDescription, SchemaDescription, TableDescription, TableType,
} from './types.ts';
import { type UcdVocabulary, readUcdVocabulary } from './ucd.ts';

export const voResourcesDir = path.join(projectRoot, 'vo-resources');

export class MetadataError extends Error {
  override readonly name = 'MetadataError';
  constructor(readonly problems: readonly string[]) {
    super(`vo-resources metadata is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`);
  }
}

type Vars = Readonly<Record<string, string>>;

/** Replaces {name} placeholders; an unknown one is a problem, not silent text. */
function fill(text: string, vars: Vars, where: string, problems: Problems): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) problems.add(where, `unknown placeholder ${whole}`);
    return value ?? whole;
  });
}

interface Context {
  problems: Problems;
  vocabulary: UcdVocabulary;
  schema: string;
}

interface FkDraft {
  where: string;
  fromTable: string;
  target: string;
  columns: { from: string; target: string }[];
  description?: string;
  utype?: string;
}

type ColumnDraft = Omit<ColumnDescription, 'columnIndex'>;

function readColumns(obj: JsonObject, position: string, vars: Vars, bands: readonly Vars[], ctx: Context): ColumnDraft[] {
  const where = typeof obj.name === 'string' ? `${position} (${obj.name})` : position;
  const f = new Fields(obj, where, ctx.problems);
  const perBand = f.flag('perBand');
  const template = {
    name: f.string('name'), datatype: f.string('datatype'), arraysize: f.optionalString('arraysize'),
    xtype: f.optionalString('xtype'), unit: f.optionalString('unit'), ucd: f.optionalString('ucd'),
    utype: f.optionalString('utype'), description: f.string('description'), geometry: f.optionalString('geometry'),
    principal: f.flag('principal'), indexed: f.flag('indexed'), std: f.flag('std'),
  };
  f.done();
  if (perBand && bands.length === 0) ctx.problems.add(where, '"perBand" needs "bands" in the tableset');
  return (perBand ? bands : [{}]).map((band) => {
    const v = { ...vars, ...band };
    const at = perBand ? `${position} (${fill(template.name, v, where, ctx.problems)})` : where;
    const text = (s: string | undefined): string | undefined => (s === undefined ? undefined : fill(s, v, at, ctx.problems));
    const column = {
      name: text(template.name) ?? '', datatype: template.datatype, arraysize: template.arraysize, xtype: template.xtype,
      unit: text(template.unit), ucd: text(template.ucd), utype: text(template.utype), description: text(template.description) ?? '',
      geometry: text(template.geometry),
    };
    const nameProblem = identifierProblem(column.name);
    if (nameProblem) ctx.problems.add(at, nameProblem);
    for (const p of columnProblems(column, ctx.vocabulary)) ctx.problems.add(at, p);
    return {
      name: column.name, plainName: plainName(column.name), datatype: column.datatype as VotableDatatype,
      ...(column.arraysize === undefined ? {} : { arraysize: column.arraysize }),
      ...(column.xtype === undefined ? {} : { xtype: column.xtype as Xtype }),
      ...(column.unit === undefined ? {} : { unit: column.unit }),
      ...(column.ucd === undefined ? {} : { ucd: column.ucd }),
      ...(column.utype === undefined ? {} : { utype: column.utype }),
      ...(column.geometry === undefined ? {} : { geometry: column.geometry }),
      description: column.description, principal: template.principal, indexed: template.indexed, std: template.std,
    };
  });
}

function readAccess(f: Fields): AccessTag | undefined {
  const access = f.optionalString('access');
  const release = f.optionalString('release');
  if (access === undefined) return undefined;
  if (access === 'public') return { kind: 'public' };
  if (access === 'restricted' && release !== undefined) return { kind: 'restricted', release };
  f.problem('access must be "public", or "restricted" with a "release"');
  return undefined;
}

interface TableDraft extends Omit<TableDescription, 'foreignKeys' | 'tableIndex'> { fks: FkDraft[] }

/**
 * "columnsFrom": {"table": "forced", "names": [...]}: a view's columns (all when names is
 * absent) taken from a table described before it, with the positions they fully carry.
 */
function copiedColumns(f: Fields, at: string, earlier: ReadonlyMap<string, TableDraft>, problems: Problems):
  { columns: ColumnDraft[]; positions: PositionDescription[] } {
  const spec = f.object('columnsFrom');
  if (spec === undefined) return { columns: [], positions: [] };
  const sf = new Fields(spec, `${at}.columnsFrom`, problems);
  const tableName = sf.string('table');
  const names = sf.array('names').filter((n): n is string => typeof n === 'string');
  sf.done();
  const source = earlier.get(tableName);
  if (!source) {
    problems.add(sf.where, `table ${tableName} must be described before this one`);
    return { columns: [], positions: [] };
  }
  const columns = names.length === 0 ? [...source.columns] : names.flatMap((n) => {
    const c = source.columns.find((col) => col.plainName === n);
    if (!c) problems.add(sf.where, `no column ${n} in ${tableName}`);
    return c ? [c] : [];
  });
  const copied = new Set(columns.map((c) => c.plainName));
  return { columns, positions: source.positions.filter((p) => [p.point, p.lon, p.lat].every((n) => copied.has(n))) };
}

function readTable(obj: JsonObject, where: string, vars: Vars, bands: readonly Vars[], schemaAccess: AccessTag, sqlSchema: string,
  earlier: ReadonlyMap<string, TableDraft>, ctx: Context): TableDraft {
  const f = new Fields(obj, where, ctx.problems);
  const name = f.string('name');
  const at = `${where} (${name})`;
  const nameProblem = identifierProblem(name);
  if (nameProblem) ctx.problems.add(at, nameProblem);
  const type = f.optionalString('type') ?? 'table';
  if (type !== 'table' && type !== 'view') ctx.problems.add(at, `type must be "table" or "view", not "${type}"`);
  const description = fill(f.string('description'), vars, at, ctx.problems);
  const utype = f.optionalString('utype');
  const access = readAccess(f) ?? schemaAccess;
  const copied = copiedColumns(f, at, earlier, ctx.problems);
  const columns = [
    ...copied.columns,
    ...f.objects('columns').flatMap((c, i) => readColumns(c, `${at}.columns[${i}]`, vars, bands, ctx)),
  ];
  if (columns.length === 0) ctx.problems.add(at, 'a table needs "columns" or "columnsFrom"');
  const qualifiedName = `${ctx.schema}.${plainName(name)}`;
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.plainName.toLowerCase())) ctx.problems.add(at, `column ${c.name} appears twice`);
    seen.add(c.plainName.toLowerCase());
  }
  const has = (col: string): boolean => seen.has(col.toLowerCase());
  const positions: PositionDescription[] = copied.positions.concat(f.objects('positions').map((p, i) => {
    const pf = new Fields(p, `${at}.positions[${i}]`, ctx.problems);
    const pos = { point: pf.string('point'), lon: pf.string('lon'), lat: pf.string('lat') };
    pf.done();
    return pos;
  }));
  for (const pos of positions) for (const col of [pos.point, pos.lon, pos.lat]) if (!has(col)) ctx.problems.add(at, `position column ${col} is not published`);
  for (const c of columns) if (c.geometry !== undefined && has(c.geometry)) ctx.problems.add(at, `geometry column ${c.geometry} of ${c.name} must not be published`);
  const fks = f.objects('foreignKeys').map((k, i): FkDraft => {
    const kf = new Fields(k, `${at}.foreignKeys[${i}]`, ctx.problems);
    const target = kf.string('target');
    const pairs = kf.array('columns', true).flatMap((pair) => {
      if (Array.isArray(pair) && pair.length === 2 && pair.every((x) => typeof x === 'string')) return [{ from: pair[0] as string, target: pair[1] as string }];
      ctx.problems.add(kf.where, 'columns must be [from, target] pairs of names');
      return [];
    });
    const fk: FkDraft = {
      where: kf.where, fromTable: qualifiedName, target: target.includes('.') ? target : `${ctx.schema}.${target}`, columns: pairs,
      ...(kf.optionalString('description') === undefined ? {} : { description: kf.optionalString('description') as string }),
      ...(kf.optionalString('utype') === undefined ? {} : { utype: kf.optionalString('utype') as string }),
    };
    kf.done();
    for (const pair of pairs) if (!has(pair.from)) ctx.problems.add(kf.where, `no column ${pair.from} in ${qualifiedName}`);
    return fk;
  });
  f.done();
  return {
    schema: ctx.schema, name: plainName(name), qualifiedName, sqlSchema, sqlName: plainName(name).toLowerCase(),
    type: type as TableType, description, ...(utype === undefined ? {} : { utype }),
    columns: columns.map((c) => c as ColumnDescription), positions, access, fks,
  };
}

function readJson(file: string, problems: Problems): JsonObject {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (isObject(value)) return value;
    problems.add(file, 'must hold a JSON object');
  } catch (err) {
    problems.add(file, (err as Error).message);
  }
  return {};
}

/** Loads and checks every published schema; throws MetadataError listing all problems. */
export function loadTapMetadata(dir: string = voResourcesDir): TapMetadata {
  const problems = new Problems();
  const vocabulary = readUcdVocabulary(path.join(dir, 'vocab', 'ucd1p-words.txt'));
  const root = new Fields(readJson(path.join(dir, 'tap', 'schemas.json'), problems), 'tap/schemas.json', problems);
  const drafts: { schema: Omit<SchemaDescription, 'tables' | 'schemaIndex'>; tables: TableDraft[] }[] = [];
  for (const [i, s] of root.objects('schemas', true).entries()) {
    const f = new Fields(s, `tap/schemas.json schemas[${i}]`, problems);
    const name = f.string('name');
    const sqlName = f.optionalString('sqlName') ?? name;
    const tableset = f.string('tableset');
    const access = readAccess(f) ?? { kind: 'public' };
    const vars = { ...f.stringMap('vars'), schema: name };
    const description = f.string('description');
    const utype = f.optionalString('utype');
    f.done();
    const file = `tap/tablesets/${tableset}.json`;
    const ts = new Fields(readJson(path.join(dir, file), problems), file, problems);
    const bands = ts.objects('bands').map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, String(v)])));
    const ctx: Context = { problems, vocabulary, schema: name };
    const earlier = new Map<string, TableDraft>();
    const tables = ts.objects('tables', true).map((t, k) => {
      const table = readTable(t, `${file} tables[${k}] for ${name}`, vars, bands, access, sqlName, earlier, ctx);
      earlier.set(table.name, table);
      return table;
    });
    ts.done();
    drafts.push({ schema: { name, sqlName, description, ...(utype === undefined ? {} : { utype }), access }, tables });
  }
  root.done();
  const all = new Map(drafts.flatMap((d) => d.tables).map((t) => [t.qualifiedName.toLowerCase(), t]));
  if (all.size !== drafts.reduce((n, d) => n + d.tables.length, 0)) problems.add('tap', 'a table name appears twice in a schema');
  let tableIndex = 0;
  const schemas: SchemaDescription[] = drafts.map((d, schemaIndex) => ({
    ...d.schema,
    schemaIndex: schemaIndex + 1,
    tables: d.tables.map(({ fks, ...t }) => ({
      ...t,
      tableIndex: ++tableIndex,
      columns: t.columns.map((c, k) => ({ ...c, columnIndex: k + 1 })),
      foreignKeys: fks.map((k): ForeignKeyDescription => {
        const target = all.get(k.target.toLowerCase());
        if (!target) problems.add(k.where, `target table ${k.target} is not published`);
        for (const pair of k.columns) {
          if (target && !target.columns.some((c) => c.plainName.toLowerCase() === pair.target.toLowerCase())) {
            problems.add(k.where, `no column ${pair.target} in ${k.target}`);
          }
        }
        const { where: _where, target: _target, ...rest } = k;
        return { ...rest, id: `${k.fromTable}.${k.columns[0]?.from ?? ''}`, targetTable: target?.qualifiedName ?? k.target };
      }),
    })),
  }));
  if (problems.list.length > 0) throw new MetadataError(problems.list);
  return tapMetadata(schemas);
}
