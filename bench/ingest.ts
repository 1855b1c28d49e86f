// Ingestion benchmark: our COPY loader (Node, pg-copy-streams, one unit per transaction) against
// `psql \copy` of the same CSV files into an identical empty table, in the same run, on the same
// private cluster; then the index build times (GiST on coord, B-trees).
//   npx tsx bench/ingest.ts [--rows 1000000]
// Generates a catalog-only data set of about that many forced rows into var/bench/ingest-data
// (reused on later runs), starts a private cluster under var/bench/ingest-var, prints a table.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, projectRoot } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { loadUnit } from '../src/db/ingest.ts';
import { listWrittenUnits } from '../src/generate/files.ts';
import { catalogDirOf, generateDataset, isGenerated } from '../src/generate/run.ts';
import type { DatasetRequest } from '../src/generate/dataset.ts';
import { createLogger } from '../src/log.ts';

const rowsArg = process.argv.indexOf('--rows');
const targetRows = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 1_000_000;
const log = createLogger('warn');
const dataDir = path.join(projectRoot, 'var', 'bench', 'ingest-data');
const request: DatasetRequest = { profile: 'demo', seed: 1, targetRows, images: false };
if (!isGenerated(dataDir, request)) {
  console.log(`generating about ${targetRows} forced rows into ${dataDir} ...`);
  await generateDataset(dataDir, request, log);
}
const units = listWrittenUnits(catalogDirOf(dataDir));
const forcedFiles = units.flatMap((u) => u.files.filter((f) => /\.forced\.csv$/.test(f)));
const rows = forcedFiles.reduce((s, f) => s + fs.readFileSync(f, 'utf8').split('\n').length - 2, 0);
const bytes = forcedFiles.reduce((s, f) => s + fs.statSync(f).size, 0);

const config = loadConfig({ ...process.env, DATABASE_URL: '', VAR_DIR: path.join(projectRoot, 'var', 'bench', 'ingest-var'), PGPORT_PRIVATE: '54450' });
const db = await openDatabase(config, log);
const pgUrl = db.ownerUrl;
const fresh = async (schema: string): Promise<void> => {
  await db.owner.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};
    CREATE TABLE ${schema}.forced (LIKE pdr3_wide.forced INCLUDING ALL)`);
};
const time = async (fn: () => Promise<void> | void): Promise<number> => {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
};

// The same files, loaded by psql's \copy into bench_psql.forced, and by our loader into
// bench_node.forced; alternated twice (psql, ours, psql, ours) so that neither gets the warmer
// cache or the quieter moment, and the best of each is kept.
const psqlLoad = async (): Promise<number> => {
  await fresh('bench_psql');
  return time(() => {
    for (const f of forcedFiles) {
      const header = fs.readFileSync(f, 'utf8').slice(0, 20000).split('\n')[0];
      execFileSync('psql', [pgUrl, '-q', '-v', 'ON_ERROR_STOP=1', '-c',
        `\\copy bench_psql.forced (${header}) FROM '${f}' WITH (FORMAT csv, HEADER true)`], { stdio: 'inherit' });
    }
  });
};
const nodeLoad = async (): Promise<number> => {
  await fresh('bench_node');
  await db.owner.query("DELETE FROM hscvo.ingested_unit WHERE unit_key LIKE 'bench/%'");
  return time(async () => {
    for (const u of units) {
      const files = u.files.filter((f) => /\.forced\.csv$/.test(f)).map((f) => {
        const copy = path.join(path.dirname(f), 'bench_node.forced.csv');
        if (!fs.existsSync(copy)) fs.symlinkSync(path.basename(f), copy);
        return copy;
      });
      await loadUnit(db.owner, { key: `bench/${u.key}`, dir: u.dir, rows: u.rows, files });
    }
  });
};
const psqlRuns: number[] = [];
const nodeRuns: number[] = [];
for (let i = 0; i < 2; i++) {
  psqlRuns.push(await psqlLoad());
  nodeRuns.push(await nodeLoad());
}
const psqlSeconds = Math.min(...psqlRuns);
const nodeSeconds = Math.min(...nodeRuns);
await db.owner.query("DELETE FROM hscvo.ingested_unit WHERE unit_key LIKE 'bench/%'");
const count = (await db.owner.query('SELECT count(*)::int AS n FROM bench_node.forced')).rows[0].n as number;
if (count !== rows) throw new Error(`loaded ${count} rows, expected ${rows}`);
const gist = await time(async () => { await db.owner.query('CREATE INDEX ON bench_node.forced USING gist (coord)'); });
const btree = await time(async () => { await db.owner.query('CREATE UNIQUE INDEX ON bench_node.forced (object_id)'); });
const analyze = await time(async () => { await db.owner.query('ANALYZE bench_node.forced'); });
await db.owner.query('DROP SCHEMA bench_psql CASCADE; DROP SCHEMA bench_node CASCADE');
for (const u of units) for (const f of fs.readdirSync(u.dir)) if (f.startsWith('bench_node.')) fs.rmSync(path.join(u.dir, f));
await db.close();

const fmt = (n: number): string => Math.round(n).toLocaleString('en');
console.log(`\nforced rows: ${fmt(rows)} (${(bytes / 1e6).toFixed(0)} MB of CSV in ${forcedFiles.length} files)\n`);
console.log(`runs (s): psql ${psqlRuns.map((x) => x.toFixed(1)).join(', ')}; hsc-vo ${nodeRuns.map((x) => x.toFixed(1)).join(', ')}\n`);
console.log('| step | seconds | rows/s | ratio to psql \\copy |');
console.log('|---|---|---|---|');
console.log(`| psql \\copy (reference) | ${psqlSeconds.toFixed(1)} | ${fmt(rows / psqlSeconds)} | 1.00 |`);
console.log(`| hsc-vo ingest (COPY via pg-copy-streams, one transaction per unit) | ${nodeSeconds.toFixed(1)} | ${fmt(rows / nodeSeconds)} | ${(psqlSeconds / nodeSeconds).toFixed(2)} |`);
console.log(`| GiST index on coord | ${gist.toFixed(1)} | | |`);
console.log(`| unique B-tree on object_id | ${btree.toFixed(1)} | | |`);
console.log(`| ANALYZE | ${analyze.toFixed(1)} | | |`);
