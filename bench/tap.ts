// TAP benchmark: streaming throughput of /tap/sync per format against psql COPY, the server's
// peak RSS, sync cone-search latency beside PostgreSQL's own time, and 200 async jobs.
// Starts the server on the given data (ingesting what is not loaded), runs, stops it and its cluster.
//   npx tsx bench/tap.ts [--data-dir D] [--var-dir V] [--port 8097] [--pg-port 54460]
//     [--rows 1000000] [--small-rows 200000] [--rounds 2] [--cones 200] [--jobs 200]
//     [--phases throughput,cone,async] [--table pdr3_wide.forced] [--label demo] [--checkout DIR] [--cpu-prof]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../src/config.ts';
import { measureAsync, type AsyncRun } from './tap/async-jobs.ts';
import { databaseTimes, measureCones, p50, p95, sampleCentres } from './tap/cone.ts';
import { cpuSeconds, loadAverage, RssSampler } from './tap/sampler.ts';
import { ingest, startServer } from './tap/server.ts';
import { fixed, median } from './tap/stats.ts';
import { measureThroughput, type Measurement } from './tap/throughput.ts';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: path.join(projectRoot, 'var', 'bench', 'tap-data-demo') },
    'var-dir': { type: 'string', default: path.join(projectRoot, 'var', 'bench', 'tap-var') },
    port: { type: 'string', default: '8097' },
    'pg-port': { type: 'string', default: '54460' },
    rows: { type: 'string', default: '1000000' },
    'small-rows': { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '2' },
    cones: { type: 'string', default: '200' },
    jobs: { type: 'string', default: '200' },
    phases: { type: 'string', default: 'throughput,cone,async' },
    table: { type: 'string', default: 'pdr3_wide.forced' },
    label: { type: 'string', default: 'demo' },
    checkout: { type: 'string', default: projectRoot },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const phases = new Set(args.phases.split(','));
const table = args.table;
const env = { varDir: args['var-dir'], dataDir: args['data-dir'], port: Number(args.port), pgPort: Number(args['pg-port']), checkout: args.checkout,
  // A V8 CPU profile of the server (written when it stops) into var/bench/tap-prof.
  ...(args['cpu-prof'] ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.join(projectRoot, 'var', 'bench', 'tap-prof')}`] } : {}) };
const out: string[] = [];
const print = (line = ''): void => { console.log(line); out.push(line); };
const progress = (line: string): void => { process.stderr.write(`${line}\n`); };

function throughputTable(all: Measurement[], rows: number): void {
  const ms = all.filter((m) => m.rows === rows);
  const labels = [...new Set(ms.map((m) => m.label))];
  print(`| ${rows.toLocaleString('en')} rows × 20 columns | best s | rows/s (best) | MB | ratio to text COPY, wall (each round) ` +
    '| server CPU s | PostgreSQL CPU s | ratio to text COPY, CPU | peak server RSS MB |');
  print('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const label of labels) {
    const of = ms.filter((m) => m.label === label);
    const best = Math.min(...of.map((m) => m.seconds));
    const ratio = median(of.map((m) => m.copySeconds / m.seconds));
    const bytes = of[0]?.bytes ?? NaN;
    // CPU: PostgreSQL's CPU for the text COPY over everything the server side spent (Node + PostgreSQL).
    const cpu = (m: Measurement): number => m.databaseCpuSeconds + (Number.isNaN(m.serverCpuSeconds) ? 0 : m.serverCpuSeconds);
    const cpuRatio = median(of.map((m) => m.copyCpuSeconds / cpu(m)));
    print(`| ${label} | ${fixed(best)} | ${Math.round(rows / best).toLocaleString('en')} | ${Number.isNaN(bytes) ? '–' : fixed(bytes / 2 ** 20, 1)} ` +
      `| ${fixed(ratio)} (${of.map((m) => fixed(m.copySeconds / m.seconds)).join(', ')}) | ${fixed(Math.min(...of.map((m) => m.serverCpuSeconds)))} ` +
      `| ${fixed(Math.min(...of.map((m) => m.databaseCpuSeconds)))} | ${fixed(cpuRatio)} | ${fixed(Math.max(...of.map((m) => m.peakRssMb)), 0)} |`);
  }
  print();
}

progress(`ingesting what ${env.dataDir} holds and is not loaded yet ...`);
ingest(env);
// 16 concurrent clients from one address: the per-client sync limit must allow them.
const server = await startServer(env, { TAP_SYNC_PER_CLIENT: '32' });
const tapUrl = `${server.url}/tap`;
const rss = new RssSampler(server.pid);
const results: Record<string, unknown> = { label: args.label, date: new Date().toISOString(), table };
try {
  print(`## TAP benchmark: ${args.label} (${table}), ${new Date().toISOString()}`);
  print(`server RSS after start: ${fixed(rss.currentMb(), 0)} MB; load average at start: ${loadAverage().join(' ')}`);
  print();

  if (phases.has('throughput')) {
    const rounds = Number(args.rounds);
    const measurements: Measurement[] = [];
    let sql = '';
    for (const rows of [Number(args['small-rows']), Number(args.rows)]) {
      const run = await measureThroughput(tapUrl, server.cluster.readerUrl, server.cluster.paths.dataDir, table, rows, rounds, rss, progress);
      measurements.push(...run.measurements);
      sql = run.sql;
    }
    print('### Streaming throughput (/tap/sync, MAXREC = rows)');
    print(`translated SQL: \`${sql}\``);
    print();
    for (const rows of [Number(args['small-rows']), Number(args.rows)]) throughputTable(measurements, rows);
    print('Wall ratio: text COPY seconds ÷ this seconds, same round (1 = as fast as COPY). CPU ratio: the PostgreSQL CPU of the text COPY ÷ ' +
      '(server CPU + PostgreSQL CPU) of this row; the clients (psql, the benchmark) are left out on both sides.');
    print(`load average after throughput: ${loadAverage().join(' ')}`);
    print();
    results.throughput = { sql, measurements };
  }

  if (phases.has('cone')) {
    const count = Number(args.cones);
    const centres = await sampleCentres(server.cluster.ownerUrl, table, count);
    // Warm the caches and the connection pool once; not measured.
    await measureCones(tapUrl, table, centres.slice(0, 20), 10, 4);
    print(`### Sync cone search (${centres.length} random centres on catalog objects, VOTable TABLEDATA, 5 columns)`);
    print('| radius | clients | rows/cone (mean) | HTTP p50 ms | HTTP p95 ms | PostgreSQL p50 ms | PostgreSQL p95 ms | requests/s | server CPU ms/request |');
    print('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    const cones: unknown[] = [];
    for (const radius of [1, 10]) {
      for (const clients of [1, 16]) {
        const start = performance.now();
        const cpu0 = cpuSeconds(server.pid);
        const run = await measureCones(tapUrl, table, centres, radius, clients);
        const rate = centres.length / ((performance.now() - start) / 1000);
        const cpuMs = ((cpuSeconds(server.pid) - cpu0) * 1000) / centres.length;
        const db = await databaseTimes(server.cluster.readerUrl, run.sqls, clients);
        print(`| ${radius}′ | ${clients} | ${fixed(run.meanRows, 0)} | ${fixed(p50(run.latenciesMs), 1)} | ${fixed(p95(run.latenciesMs), 1)} ` +
          `| ${fixed(p50(db), 1)} | ${fixed(p95(db), 1)} | ${fixed(rate, 0)} | ${fixed(cpuMs, 1)} |`);
        cones.push({ radius, clients, serverCpuMsPerRequest: cpuMs, meanRows: run.meanRows, latenciesMs: run.latenciesMs, databaseMs: db, requestsPerSecond: rate });
        progress(`  cones ${radius}' x ${clients} clients done`);
      }
    }
    print(`(PostgreSQL: planning + execution time of EXPLAIN (ANALYZE, TIMING OFF) of the same translated SQL, run with the same number of concurrent sessions.)`);
    print(`peak server RSS during the cone runs: ${fixed(rss.takePeakMb(), 0)} MB; load average after: ${loadAverage().join(' ')}`);
    print();
    results.cones = cones;
  }

  if (phases.has('async')) {
    rss.takePeakMb();
    const before = rss.currentMb();
    const run: AsyncRun = await measureAsync(tapUrl, server.cluster.ownerUrl, table, Number(args.jobs));
    const peak = rss.takePeakMb();
    print(`### Async: ${run.jobs} jobs (TOP 5 ... ORDER BY object_id, CSV) created with PHASE=RUN`);
    print('| jobs | submitted in s | all final after s | jobs/s | COMPLETED with the right rows | deleted | server RSS before / peak / after MB |');
    print('|---:|---:|---:|---:|---:|---:|---:|');
    print(`| ${run.jobs} | ${fixed(run.submitSeconds)} | ${fixed(run.totalSeconds)} | ${fixed(run.jobs / run.totalSeconds, 1)} | ` +
      `${run.completedCorrect} | ${run.deleted} | ${fixed(before, 0)} / ${fixed(peak, 0)} / ${fixed(rss.currentMb(), 0)} |`);
    for (const f of run.failures.slice(0, 10)) print(`- failure: ${f}`);
    print(`load average after async: ${loadAverage().join(' ')}`);
    print();
    results.async = run;
  }
  print(`one-minute load averages sampled every 5 s during the run: ${rss.loads.map((l) => fixed(l, 1)).join(' ')}`);
} finally {
  rss.stop();
  await server.stop();
}
const file = path.join(projectRoot, 'var', 'bench', `tap-${args.label}.json`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, JSON.stringify({ ...results, report: out }, null, 1));
progress(`figures written to ${file}`);
