// The COPY fast path (src/formats/copy, streamCopy): for every format that has it, the output
// from PostgreSQL's COPY equals the row path's (byte for byte for BINARY2 and FITS) for the same query on a real PostgreSQL — nulls,
// infinities, escapes, booleans, MAXREC overflow, chunks cut anywhere, a failure mid-stream.
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyTypes, resolveFormat, type CopyType, type FieldMeta, type OutputFormat, type WriteOutcome } from '../../src/formats/index.ts';
import { copySql } from '../../src/tap/query.ts';
import { streamCopy, streamQuery } from '../../src/tap/query-stream.ts';
import { withIds } from '../formats/support.ts';

const FIELDS: FieldMeta[] = withIds([
  { name: 'object_id', datatype: 'long' },
  { name: 'ra', datatype: 'double', unit: 'deg' },
  { name: 'mag', datatype: 'float', unit: 'mag' },
  { name: 'nvisit', datatype: 'int' },
  { name: 'band', datatype: 'short' },
  { name: 'is_primary', datatype: 'boolean' },
  { name: 'note', datatype: 'char', arraysize: '*' },
]);
const NUMERIC_FIELDS = FIELDS.slice(0, 5);

/** Edge rows, then `bulk` ordinary ones; `k` orders them and is not part of the result. */
function tableSql(bulk: number): string {
  return `SELECT object_id, ra, mag, nvisit, band, is_primary, note FROM (
    SELECT * FROM (VALUES
      (1, 36407037141565445::int8, 150.125::float8, 21.5::float4, 12, 3::int2, true,
        'a<b & "c", d' || chr(10) || 'next' || chr(9) || 'tab \\ back ]]> 宮崎' || chr(13)),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      (3, -9223372036854775808, 'Infinity', '-Infinity', -2147483648, -32768, false, ''),
      (4, 0, 'NaN', 1e-5, 0, 0, NULL, ',"quoted",'),
      (5, 9223372036854775807, -0.0, 3.4e38, 2147483647, 32767, true, 'x')
    ) AS e(k, object_id, ra, mag, nvisit, band, is_primary, note)
    UNION ALL
    SELECT 5 + i, i::int8 * 1000003, i * 0.000123456789, (i % 997) * 0.25 + 15, i % 50, (i % 5)::int2, i % 3 = 0,
      CASE WHEN i % 7 = 0 THEN NULL ELSE 'row ' || i END
    FROM generate_series(1, ${bulk}) AS i
  ) AS t ORDER BY k`;
}

const numericSql = (bulk: number): string =>
  `SELECT object_id, ra, mag, nvisit, band FROM (${tableSql(bulk)}) AS n`;

class Collect extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk);
    done();
  }
  get bytes(): Buffer { return Buffer.concat(this.chunks); }
}

const INFO = { query: 'SELECT ...', sql: 'SELECT ...' };
const limited = (sql: string, maxrec?: number): string => (maxrec === undefined ? sql : `${sql} LIMIT ${maxrec + 1}`);

describe('COPY fast path', () => {
  let pool: pg.Pool;
  beforeAll(() => { pool = new pg.Pool({ connectionString: inject('readerUrl'), max: 2 }); });
  afterAll(async () => { await pool.end(); });

  const viaRows = async (format: OutputFormat, fields: FieldMeta[], sql: string, maxrec?: number): Promise<[WriteOutcome, Buffer]> => {
    const sink = new Collect();
    const rows = streamQuery(pool, limited(sql, maxrec), { timeoutSeconds: 30, ...(maxrec === undefined ? {} : { limit: maxrec + 1 }) });
    const outcome = await format.write(fields, rows as AsyncIterable<never>, sink, { ...INFO, ...(maxrec === undefined ? {} : { maxrec }) });
    return [outcome, sink.bytes];
  };

  const copyChunks = async (format: OutputFormat, types: CopyType[], sql: string, maxrec?: number): Promise<Buffer[]> => {
    const chunks: Buffer[] = [];
    for await (const c of streamCopy(pool, copySql(limited(sql, maxrec), types), format.copy!.format, { timeoutSeconds: 30 })) chunks.push(c);
    return chunks;
  };

  const viaCopy = async (format: OutputFormat, fields: FieldMeta[], chunks: AsyncIterable<Buffer>, maxrec?: number): Promise<[WriteOutcome, Buffer]> => {
    const sink = new Collect();
    const outcome = await format.copy!.write(fields, copyTypes(fields)!, chunks, sink, { ...INFO, ...(maxrec === undefined ? {} : { maxrec }) });
    return [outcome, sink.bytes];
  };

  const live = (format: OutputFormat, fields: FieldMeta[], sql: string, maxrec?: number): AsyncIterable<Buffer> =>
    streamCopy(pool, copySql(limited(sql, maxrec), copyTypes(fields)!), format.copy!.format, { timeoutSeconds: 30 });

  /** Text outputs compared with every number in one spelling (PostgreSQL writes 1e-05, JavaScript 0.00001). */
  const canonical = (key: string, bytes: Buffer): string => {
    const text = (key === 'csv.gz' ? gunzipSync(bytes) : bytes).toString('utf8').replace(/<INFO name="REQUEST_DATE"[^>]*>/, '');
    const number = (t: string): string => String(t === '+Inf' ? Infinity : t === '-Inf' ? -Infinity : Number(t));
    if (key.startsWith('votable')) {
      return text.replaceAll('<TD></TD>', '<TD/>').replace(/<TD>([-+]?[\d.]+(?:e[-+]?\d+)?|NaN|[-+]Inf)<\/TD>/g, (_, t: string) => `<TD>${number(t)}</TD>`);
    }
    return text.replace(/(?<=^|[,\t\n])([-+]?\d[\d.]*(?:e[-+]?\d+)?|[-+]Inf|NaN)(?=[,\t\r\n]|$)/gm, (t) => number(t));
  };

  it('the types of the columns it reads, and none when one needs its own encoder', () => {
    expect(copyTypes(FIELDS)).toEqual(['int8', 'float8', 'float4', 'int4', 'int2', 'bool', 'text']);
    expect(copyTypes([...FIELDS, ...withIds([{ name: 't', datatype: 'char', arraysize: '*', xtype: 'timestamp' }])])).toBeUndefined();
    expect(copyTypes(withIds([{ name: 'p', datatype: 'double', arraysize: '2', xtype: 'point' }]))).toBeUndefined();
    expect(copyTypes(withIds([{ name: 'f', datatype: 'char', arraysize: '4' }]))).toBeUndefined();
  });

  for (const key of ['votable', 'votable-binary2', 'fits', 'csv', 'tsv', 'csv.gz']) {
    for (const [label, fields, sqlOf] of [['mixed', FIELDS, tableSql], ['numeric', NUMERIC_FIELDS, numericSql]] as const) {
      it(`${key}, ${label} columns: the same result as the row path`, async () => {
        const format = resolveFormat(key).format;
        const sql = sqlOf(3000);
        const [rowsOutcome, rowsBytes] = await viaRows(format, [...fields], sql);
        const [copyOutcome, copyBytes] = await viaCopy(format, [...fields], live(format, [...fields], sql));
        expect(copyOutcome).toEqual({ rowCount: 3005, status: 'OK' });
        expect(rowsOutcome).toEqual(copyOutcome);
        if (key === 'votable-binary2' || key === 'fits') expect(copyBytes.equals(rowsBytes)).toBe(true);
        else expect(canonical(key, copyBytes)).toBe(canonical(key, rowsBytes));
      });
    }
  }

  it.each(['votable', 'votable-binary2', 'fits', 'csv'])('%s: MAXREC gives the row path\'s rows and OVERFLOW status', async (key) => {
    const format = resolveFormat(key).format;
    const sql = tableSql(2000);
    for (const maxrec of [0, 1, 4, 1500, 2004, 2005, 2010]) {
      const [rowsOutcome, rowsBytes] = await viaRows(format, FIELDS, sql, maxrec);
      const [copyOutcome, copyBytes] = await viaCopy(format, FIELDS, live(format, FIELDS, sql, maxrec), maxrec);
      expect(copyOutcome, `MAXREC ${maxrec}`).toEqual(rowsOutcome);
      expect(copyOutcome.status).toBe(maxrec < 2005 ? 'OVERFLOW' : 'OK');
      if (key === 'fits') expect(copyBytes.equals(rowsBytes), `MAXREC ${maxrec}`).toBe(true);
      else expect(canonical(key, copyBytes), `MAXREC ${maxrec}`).toBe(canonical(key, rowsBytes));
    }
  });

  it.each(['votable-binary2', 'csv'])('%s: a sink closed mid-result rejects the write and ends the COPY in PostgreSQL', async (key) => {
    const format = resolveFormat(key).format;
    const fields = NUMERIC_FIELDS.slice(0, 2);
    const sql = 'SELECT i::int8 AS object_id, i * 0.5 AS ra FROM generate_series(1, 20000000) AS i';
    let written = 0;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        written += chunk.length;
        done();
        if (written > 200_000) this.destroy();
      },
    });
    await expect(format.copy!.write(fields, copyTypes(fields)!, live(format, fields, sql), sink, INFO)).rejects.toThrow();
    const copying = async (): Promise<number> => Number((await pool.query(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'COPY (SELECT q.c1::int8%'")).rows[0].n);
    for (let i = 0; i < 40 && (await copying()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await copying()).toBe(0);
  });

  it.each(['votable', 'votable-binary2', 'fits', 'csv'])('%s: chunks cut at any byte give the same output', async (key) => {
    const format = resolveFormat(key).format;
    const chunks = await copyChunks(format, copyTypes(FIELDS)!, tableSql(60));
    const whole = Buffer.concat(chunks);
    const [, expected] = await viaCopy(format, FIELDS, (async function* () { yield whole; })());
    for (const size of [1, 3, 7, 64, 1000]) {
      const pieces = async function* (): AsyncGenerator<Buffer> {
        for (let at = 0; at < whole.length; at += size) yield whole.subarray(at, at + size);
      };
      const [outcome, bytes] = await viaCopy(format, FIELDS, pieces());
      expect(outcome, `pieces of ${size}`).toEqual({ rowCount: 65, status: 'OK' });
      expect(bytes.equals(expected), `pieces of ${size}`).toBe(true);
    }
  });

  it.each(['votable', 'votable-binary2'])('%s: data cut short inside a row ends in QUERY_STATUS ERROR, never a half row', async (key) => {
    const format = resolveFormat(key).format;
    const whole = Buffer.concat(await copyChunks(format, copyTypes(FIELDS)!, tableSql(60)));
    const [outcome, bytes] = await viaCopy(format, FIELDS, (async function* () { yield whole.subarray(0, whole.length - 9); })());
    expect(outcome.status).toBe('ERROR');
    expect(outcome.errorMessage).toMatch(/ended inside a row/);
    expect(bytes.toString()).toMatch(/<INFO name="QUERY_STATUS" value="ERROR">[^<]*ended inside a row<\/INFO>\n<\/RESOURCE>\n<\/VOTABLE>\n$/);
  });

  it.each(['votable', 'votable-binary2', 'fits', 'csv'])('%s: a query failing mid-stream ends the result with status ERROR', async (key) => {
    const format = resolveFormat(key).format;
    const fields = NUMERIC_FIELDS.slice(0, 2);
    const sql = 'SELECT i::int8 AS object_id, (1.0 / (i - 40000))::float8 AS ra FROM generate_series(1, 60000) AS i';
    const [outcome, bytes] = await viaCopy(format, fields, live(format, fields, sql));
    expect(outcome.status).toBe('ERROR');
    expect(outcome.errorMessage).toMatch(/division by zero/);
    expect(outcome.rowCount).toBeLessThan(40000);
    if (key.startsWith('votable')) expect(bytes.toString()).toMatch(/QUERY_STATUS" value="ERROR">[^<]*division by zero/);
    if (key === 'fits') {
      expect(bytes.toString('latin1')).toMatch(/QSTATUS = 'ERROR *'/);
      expect(bytes.toString('latin1')).toMatch(/QERROR  = '[^']*division by zero/);
    }
    // The connection went back to the pool usable.
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
