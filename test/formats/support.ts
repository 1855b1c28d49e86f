// Shared fixtures for the formats tests: a result covering every datatype and xtype, a writer
// run into a file, votlint over many files in one JVM, and astropy/sqlite3 readers in python.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fieldIds } from '../../src/formats/fields.ts';
import type { FieldMeta, ResultInfo, ResultWriter, Row, RowSource, WriteOutcome } from '../../src/formats/types.ts';

export const PYTHON = '/usr/bin/python3';

const columns: Omit<FieldMeta, 'id'>[] = [
  { name: 'object_id', datatype: 'long', ucd: 'meta.id;meta.main' },
  { name: 'ra', datatype: 'double', unit: 'deg', ucd: 'pos.eq.ra;meta.main', description: 'Right ascension & <co>' },
  { name: 'mag', datatype: 'float', unit: 'mag' },
  { name: 'nvisit', datatype: 'int' },
  { name: 'band', datatype: 'short' },
  { name: 'tier', datatype: 'unsignedByte' },
  { name: 'is_primary', datatype: 'boolean' },
  { name: 'comment', datatype: 'char', arraysize: '*' },
  { name: 'observer', datatype: 'unicodeChar', arraysize: '*' },
  { name: 'obs_time', datatype: 'char', arraysize: '*', xtype: 'timestamp' },
  { name: 'pos', datatype: 'double', arraysize: '2', xtype: 'point', unit: 'deg' },
  { name: 'region', datatype: 'double', arraysize: '3', xtype: 'circle', unit: 'deg' },
  { name: 'filter', datatype: 'char', arraysize: '4' },
  { name: 'ra', datatype: 'double', unit: 'deg', description: 'the same name again, as a join gives it' },
];
export const polygonColumn: Omit<FieldMeta, 'id'> = { name: 's_region', datatype: 'double', arraysize: '*', xtype: 'polygon', unit: 'deg' };

export function withIds(cols: readonly Omit<FieldMeta, 'id'>[]): FieldMeta[] {
  const ids = fieldIds(cols.map((c) => c.name));
  return cols.map((c, i) => ({ ...c, id: ids[i] as string }));
}

export const FIELDS: FieldMeta[] = withIds(columns);
export const FIELDS_WITH_POLYGON: FieldMeta[] = withIds([...columns, polygonColumn]);

/** Three rows: ordinary values (some needing escapes), all nulls, and edge values. */
export const ROWS: Row[] = [
  [36407037141565445n, 150.125, 21.5, 12, 3, 7, true, 'a<b & "c", d\nnext', 'Miyazaki 宮崎', new Date(Date.UTC(2016, 2, 14, 10, 20, 30, 250)),
    [150.125, 2.25], [150, 2, 0.5], 'HSCi', 150.5],
  [null, null, null, null, null, null, null, null, null, null, null, null, null, null],
  ['-9007199254740993', 0, Number.NaN, -2147483648, -32768, 0, false, '', 'x', '2020-01-01 00:00:00', [0, -90], [359.5, 89, 1e-3], 'g', -0],
];
export const POLYGONS: (number[] | null)[] = [[10, 10, 11, 10, 11, 11, 10, 11], null, [0, 0, 1, 0, 0.5, 1]];
export const ROWS_WITH_POLYGON: Row[] = ROWS.map((r, i) => [...r, POLYGONS[i] ?? null]);

/** A row source that yields `rows`, then throws `failWith` if given; records what was pulled. */
export function source(rows: readonly Row[], failWith?: string): RowSource & { pulled: number; closed: boolean } {
  const state = {
    pulled: 0,
    closed: false,
    async *[Symbol.asyncIterator](): AsyncGenerator<Row> {
      try {
        for (const row of rows) {
          state.pulled++;
          yield row;
        }
        if (failWith !== undefined) throw new Error(failWith);
      } finally {
        state.closed = true;
      }
    },
  };
  return state;
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'formats-test-'));

/** Runs a writer into a file and returns its outcome once the file is complete. */
export async function writeFile(writer: ResultWriter, fields: readonly FieldMeta[], rows: RowSource, path: string,
  info: Partial<ResultInfo> = {}): Promise<WriteOutcome> {
  const sink = createWriteStream(path);
  const outcome = await writer(fields, rows, sink, { query: 'SELECT * FROM pdr3_wide.forced', ...info });
  sink.end();
  await once(sink, 'finish');
  return outcome;
}

/** votlint's ERROR lines for each file, from one JVM. */
export function votlintErrors(files: readonly string[]): Map<string, string[]> {
  const out = execFileSync('java', ['-cp', '/usr/share/java/starlink-ttools.jar', join(import.meta.dirname, 'VotlintBatch.java'), ...files],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const result = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('=== ')) {
      current = [];
      result.set(line.slice(4), current);
    } else if (/ERROR/.test(line)) {
      current?.push(line);
    }
  }
  return result;
}

/** Runs a python script with arguments and parses the JSON it prints. */
export function python<T>(script: string, args: readonly string[]): T {
  return JSON.parse(execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as T;
}

/** Python helper turning numpy/astropy values into JSON (NaN and infinities as strings). */
export const PY_JSON = `
import json, math, datetime
def plain(v):
    if v is None: return None
    if hasattr(v, 'mask') and getattr(v, 'mask', False) is True: return None
    if hasattr(v, 'tolist'): v = v.tolist()
    if isinstance(v, bytes): v = v.decode('utf-8')
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2**53: return str(v)
    if isinstance(v, float):
        if math.isnan(v): return 'NaN'
        if math.isinf(v): return 'Infinity' if v > 0 else '-Infinity'
    if isinstance(v, (list, tuple)): return [plain(x) for x in v]
    return v
`;
