// Interop regressions, anchors.md §2 C (metadata and discovery): VOSI tables with detail=min and
// per-table documents, identifier case, TAP_SCHEMA column order, examples and capabilities.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { TestServer } from '../support/app.ts';
import { validateXml } from '../vosi/xsd.ts';
import { pyCheck, syncForm, startInteropServer } from './support.ts';

interface CatalogColumn {
  table: string;
  column: string;
  index: number;
}

describe('interop §2 C: metadata and discovery', () => {
  let server: TestServer;
  let columns: CatalogColumn[];
  beforeAll(async () => {
    server = await startInteropServer();
    const res = await syncForm(server, {
      LANG: 'ADQL', RESPONSEFORMAT: 'tsv', MAXREC: '100000',
      QUERY: 'SELECT table_name, column_name, column_index FROM TAP_SCHEMA.columns ORDER BY table_name, column_index',
    });
    expect(res.status).toBe(200);
    columns = res.text.trim().split('\n').slice(1).map((line) => {
      const [table = '', column = '', index = ''] = line.split('\t');
      return { table, column, index: Number(index) };
    });
  });
  afterAll(async () => { await server.close(); });

  const tableNames = (): string[] => [...new Set(columns.map((c) => c.table))];
  const columnsOf = (table: string): string[] => columns.filter((c) => c.table === table).map((c) => c.column);

  it('C14 /tables?detail=min lists every table without columns, and each /tables/{name} has them, all vs:VOTableType', async () => {
    const full = await request(server.url).get('/tap/tables');
    const min = await request(server.url).get('/tap/tables').query({ detail: 'min' });
    expect(min.status).toBe(200);
    expect(min.text).not.toMatch(/<column>/);
    expect(min.text.length).toBeLessThan(full.text.length / 5);
    const listed = [...min.text.matchAll(/<table[^>]*>\s*<name>([^<]+)<\/name>/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(tableNames().sort());
    expect(validateXml(min.text)).toMatchObject({ valid: true });
    for (const table of ['pdr3_wide.forced', 'ivoa.obscore', 'TAP_SCHEMA.columns']) {
      const one = await request(server.url).get(`/tap/tables/${table}`);
      expect(one.status, table).toBe(200);
      expect(validateXml(one.text), table).toMatchObject({ valid: true });
      const named = [...one.text.matchAll(/<column[^>]*>\s*<name>([^<]+)<\/name>/g)].map((m) => m[1]);
      expect(named, table).toEqual(columnsOf(table));
      const dataTypes = one.text.match(/<dataType\b[^>]*>/g) ?? [];
      expect(dataTypes.length, table).toBe(named.length);
      expect(dataTypes.filter((d) => !d.includes('xsi:type="vs:VOTableType"')), table).toEqual([]);
    }
    // pyvo#82: the client reads every dataType (here of the whole tableset) without choking.
    const seen = await pyCheck<{ tables: string[]; columns: [string, string, string][] }>('tables', `${server.url}/tap`);
    expect(seen.tables.sort()).toEqual(tableNames().sort());
    expect(seen.columns.map((c) => c[0])).toEqual(columnsOf('pdr3_wide.forced'));
    expect(new Set(seen.columns.map((c) => c[2]))).toEqual(new Set(['VOTableType']));
  });

  it('C15 catalogue columns are lower case, and every one is queryable delimited (as TOPCAT writes it) or not', async () => {
    const published = columns.filter((c) => !c.table.startsWith('TAP_SCHEMA.'));
    expect(published.length).toBeGreaterThan(100);
    expect(published.filter((c) => c.column !== c.column.toLowerCase() || c.column.startsWith('"'))).toEqual([]);
    for (const table of tableNames()) {
      const names = columnsOf(table);
      const [schema = '', bare = ''] = table.split('.');
      for (const adql of [
        // TAP_SCHEMA already holds a reserved word delimited ("size", taplint E-TME-CRSV).
        `SELECT TOP 1 ${names.map((n) => (n.startsWith('"') ? n : `"${n}"`)).join(', ')} FROM ${table}`,
        `SELECT TOP 1 * FROM "${schema}"."${bare}"`,
      ]) {
        const res = await syncForm(server, { LANG: 'ADQL', QUERY: adql, MAXREC: '1', RESPONSEFORMAT: 'csv' });
        expect(res.status, `${adql}\n${res.text.slice(0, 400)}`).toBe(200);
      }
    }
    // Regular identifiers resolve whatever their case; the result keeps the published names.
    const upper = await syncForm(server, { LANG: 'ADQL', QUERY: 'SELECT TOP 1 OBJECT_ID, Ra FROM PDR3_WIDE.FORCED', RESPONSEFORMAT: 'csv' });
    expect(upper.status, upper.text).toBe(200);
    expect(upper.text.split(/\r?\n/)[0]?.toLowerCase()).toBe('object_id,ra');
  });

  it('C15 TAP_SCHEMA.columns column_index ordering: 1..n per table, the order of /tables and of SELECT *', async () => {
    for (const table of tableNames()) {
      const indexes = columns.filter((c) => c.table === table).map((c) => c.index);
      expect(indexes, table).toEqual(indexes.map((_, i) => i + 1));
    }
    for (const table of ['pdr3_wide.forced', 'pdr3_wide.specz', 'ivoa.obscore']) {
      const star = await syncForm(server, { LANG: 'ADQL', QUERY: `SELECT TOP 1 * FROM ${table}`, RESPONSEFORMAT: 'csv' });
      expect(star.text.split(/\r?\n/)[0]?.split(','), table).toEqual(columnsOf(table));
    }
  });

  it('C16 pyvo reads the DALI examples and describe() reads the capabilities, which validate', async () => {
    const examples = await request(server.url).get('/tap/examples');
    const inDocument = (examples.text.match(/property="query"/g) ?? []).length;
    expect(inDocument).toBeGreaterThan(3);
    const seen = await pyCheck<{ queries: string[]; described: boolean }>('examples', `${server.url}/tap`);
    expect(seen.queries).toHaveLength(inDocument);
    expect(seen.queries.every((q) => /^\s*SELECT\b/i.test(q))).toBe(true);
    expect(seen.described).toBe(true);
    for (const query of seen.queries) {
      const res = await syncForm(server, { LANG: 'ADQL', QUERY: query, MAXREC: '5', RESPONSEFORMAT: 'csv' });
      expect(res.status, `${query}\n${res.text.slice(0, 400)}`).toBe(200);
    }
    const capabilities = await request(server.url).get('/tap/capabilities').set({ 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'hsc.example.org' });
    expect(validateXml(capabilities.text)).toMatchObject({ valid: true });
    expect(capabilities.text).toMatch(/<accessURL use="base">https:\/\/hsc\.example\.org\/tap<\/accessURL>/);
  });
});
