// TAP_UPLOAD benchmark: a VOTable upload near the default byte limit (TABLEDATA, and BINARY2
// written by STIL) read by the streaming reader alone, then loaded into a per-query schema
// (COPY, spoint index, ANALYZE) on a private PostgreSQL cluster; time and peak RSS of each step.
//   npx tsx bench/tap-upload.ts [--rows 150000]
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, projectRoot } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { createLogger } from '../src/log.ts';
import { loadUploads, readVotable } from '../src/tap/upload/index.ts';

const rowsArg = process.argv.indexOf('--rows');
const rows = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 150_000;
const dir = path.join(projectRoot, 'var', 'bench', 'tap-upload');
mkdirSync(dir, { recursive: true });

function writeTabledata(file: string): void {
  const lines: string[] = [`<?xml version="1.0" encoding="UTF-8"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><TABLE name="targets">
<FIELD name="id" datatype="long"/><FIELD name="ra" datatype="double" unit="deg" ucd="pos.eq.ra;meta.main"/>
<FIELD name="dec" datatype="double" unit="deg" ucd="pos.eq.dec;meta.main"/><FIELD name="mag" datatype="float" unit="mag"/>
<FIELD name="name" datatype="char" arraysize="*"/><FIELD name="observed" datatype="char" arraysize="*" xtype="timestamp"/>
<DATA><TABLEDATA>`];
  for (let i = 0; i < rows; i += 1) {
    const ra = (i * 0.0137) % 360;
    const dec = ((i * 0.0071) % 170) - 85;
    const t = new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString().slice(0, -1);
    lines.push(`<TR><TD>${i}</TD><TD>${ra}</TD><TD>${dec}</TD><TD>${(18 + (i % 700) / 100).toFixed(2)}</TD><TD>target ${i}</TD><TD>${t}</TD></TR>`);
  }
  lines.push('</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n');
  writeFileSync(file, lines.join('\n'));
}

let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
async function measure<T>(fn: () => Promise<T>): Promise<{ seconds: number; peakMb: number; value: T }> {
  global.gc?.();
  peak = process.memoryUsage().rss;
  const start = performance.now();
  const value = await fn();
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds: (performance.now() - start) / 1000, peakMb: peak / 2 ** 20, value };
}

const tabledata = path.join(dir, 'tabledata.xml');
const binary2 = path.join(dir, 'binary2.xml');
writeTabledata(tabledata);
execFileSync('stilts', ['tcopy', `in=${tabledata}`, 'ifmt=votable', `out=${binary2}`, 'ofmt=votable-binary2-inline'], { stdio: 'pipe' });

const log = createLogger('warn');
const config = loadConfig({ ...process.env, DATABASE_URL: '', VAR_DIR: path.join(dir, 'var'), PGPORT_PRIVATE: '54460' });
const db = await openDatabase(config, log);
const limits = { uploadMaxBytes: 100_000_000, uploadMaxRows: 10_000_000, uploadUrlAllowList: [] };
console.log(`| serialization | file | rows | read only | read + load into PostgreSQL | peak RSS (load) |`);
console.log(`|---|---|---|---|---|---|`);
try {
  for (const [name, file] of [['TABLEDATA', tabledata], ['BINARY2', binary2]] as const) {
    const mb = statSync(file).size / 2 ** 20;
    const read = await measure(async () => {
      const table = await readVotable(createReadStream(file), { maxRows: limits.uploadMaxRows });
      let n = 0;
      for await (const _ of table.rows) n += 1;
      return n;
    });
    const load = await measure(async () => {
      const uploads = await loadUploads(db.owner, [{ table: 't', source: { kind: 'inline', param: 'f' } }], () => file, limits);
      await uploads.dispose();
    });
    console.log(`| ${name} | ${mb.toFixed(1)} MB | ${read.value} | ${read.seconds.toFixed(2)} s (${(mb / read.seconds).toFixed(1)} MB/s) `
      + `| ${load.seconds.toFixed(2)} s (${(read.value / load.seconds / 1000).toFixed(0)}k rows/s) | ${load.peakMb.toFixed(0)} MB |`);
  }
} finally {
  clearInterval(sampler);
  await db.close();
}
