// CPU cost of the TAP row source alone (src/tap/query-stream.ts: pg-cursor, rows as JS arrays),
// without any writer, for the same 20 columns as bench/tap.ts: what a COPY-binary fast path saves.
//   npx tsx bench/tap-cursor.ts [--rows 200000] [--var-dir var/bench/tap-var] [--pg-port 54460]
// Uses (or starts, then stops) the benchmark's private cluster with the demo data loaded by bench/tap.ts.
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { projectRoot } from '../src/config.ts';
import { ensureCluster, stopCluster } from '../src/db/cluster.ts';
import { createLogger } from '../src/log.ts';
import { streamQuery } from '../src/tap/query-stream.ts';
import { THROUGHPUT_COLUMNS } from './tap/throughput.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    'var-dir': { type: 'string', default: path.join(projectRoot, 'var', 'bench', 'tap-var') },
    'pg-port': { type: 'string', default: '54460' },
  },
});
const log = createLogger('warn');
const cluster = await ensureCluster(args['var-dir'], Number(args['pg-port']), log);
const pool = new pg.Pool({ connectionString: cluster.readerUrl, max: 1 });
const sql = `SELECT ${THROUGHPUT_COLUMNS.join(', ')} FROM pdr3_wide.forced LIMIT ${Number(args.rows)}`;
try {
  console.log('| batch rows | rows | wall s | Node CPU s | Node CPU µs/row |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const batchSize of [2000, 2000, 20000]) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let rows = 0;
    for await (const _ of streamQuery(pool, sql, { timeoutSeconds: 0, batchSize })) rows++;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    console.log(`| ${batchSize} | ${rows} | ${((performance.now() - t0) / 1000).toFixed(2)} | ${cpuSeconds.toFixed(2)} | ${(cpuSeconds / rows * 1e6).toFixed(2)} |`);
  }
} finally {
  await pool.end();
  if (cluster.startedHere) stopCluster(args['var-dir'], log);
}
