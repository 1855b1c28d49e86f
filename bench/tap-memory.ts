// TAP server memory: RSS after start, peak RSS while streaming one large result per format, and
// peak RSS under concurrent 10' cone searches, each on a freshly started server, for server variants
// (Node flags or environment) compared in interleaved rounds. Figures in bench/tap-memory.md.
//   npx tsx bench/tap-memory.ts [--var-dir var/bench/tap-var-mem] [--data-dir var/bench/tap-data-demo]
//     [--port 8096] [--pg-port 54462] [--rows 1000000] [--formats csv,votable,votable/b2,fits]
//     [--cones 64] [--clients 16] [--radius 10] [--rounds 1] [--variant 'default='] [--variant 'semi4=--max-semi-space-size=4'] [--label L]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../src/config.ts';
import { request } from './tap/client.ts';
import { coneQuery, p50, sampleCentres, type Centre } from './tap/cone.ts';
import { cpuSeconds, loadAverage, RssSampler } from './tap/sampler.ts';
import { ingest, startServer, type BenchEnvironment } from './tap/server.ts';
import { fixed, mapConcurrent, median } from './tap/stats.ts';
import { FORMAT_CASES, throughputQuery } from './tap/throughput.ts';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: path.join(projectRoot, 'var', 'bench', 'tap-data-demo') },
    'var-dir': { type: 'string', default: path.join(projectRoot, 'var', 'bench', 'tap-var-mem') },
    port: { type: 'string', default: '8096' },
    'pg-port': { type: 'string', default: '54462' },
    rows: { type: 'string', default: '1000000' },
    formats: { type: 'string', default: 'csv,votable,votable/b2,fits' },
    cones: { type: 'string', default: '64' },
    clients: { type: 'string', default: '16' },
    radius: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '1' },
    table: { type: 'string', default: 'pdr3_wide.forced' },
    /** name=node flags, space separated (e.g. `semi4=--max-semi-space-size=4`); ENV:NAME=VALUE sets the server's environment. */
    variant: { type: 'string', multiple: true, default: ['default='] },
    label: { type: 'string', default: 'memory' },
  },
});

interface Variant {
  name: string;
  nodeArgs: string[];
  env: Record<string, string>;
}

function variantOf(spec: string): Variant {
  const at = spec.indexOf('=');
  const name = at < 0 ? spec : spec.slice(0, at);
  const words = (at < 0 ? '' : spec.slice(at + 1)).split(/\s+/).filter(Boolean);
  const env: Record<string, string> = {};
  const nodeArgs: string[] = [];
  for (const w of words) {
    const m = /^ENV:([A-Z_][A-Z0-9_]*)=(.*)$/.exec(w);
    if (m) env[m[1] as string] = m[2] as string;
    else nodeArgs.push(w);
  }
  return { name, nodeArgs, env };
}

interface Sample {
  variant: string;
  round: number;
  /** `stream csv`, `cones 16 × 10'`... */
  kind: string;
  idleMb: number;
  idleAnonMb: number;
  idleFileMb: number;
  peakMb: number;
  seconds: number;
  serverCpuSeconds: number;
  /** Cones only: the median request time. */
  p50Ms?: number;
}

const rssFields = (pid: number): { anon: number; file: number } => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
};

const progress = (line: string): void => { process.stderr.write(`${line}\n`); };
const baseEnv = { varDir: args['var-dir'], dataDir: args['data-dir'], port: Number(args.port), pgPort: Number(args['pg-port']) };
const variants = args.variant.map(variantOf);
const rows = Number(args.rows);
const table = args.table;

/** Runs one case on a fresh server of the variant: the server's RSS after start, then the case's peak. */
async function onFreshServer(v: Variant, round: number, kind: string,
  run: (tapUrl: string, pid: number) => Promise<{ seconds: number; p50Ms?: number }>): Promise<Sample> {
  const env: BenchEnvironment = { ...baseEnv, nodeArgs: v.nodeArgs };
  const server = await startServer(env, { TAP_SYNC_PER_CLIENT: '32', ...v.env });
  const rss = new RssSampler(server.pid, 50);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleMb = rss.currentMb();
    const idle = rssFields(server.pid);
    rss.takePeakMb();
    const cpu0 = cpuSeconds(server.pid);
    const r = await run(`${server.url}/tap`, server.pid);
    const sample: Sample = {
      variant: v.name, round, kind, idleMb, idleAnonMb: idle.anon, idleFileMb: idle.file, peakMb: rss.takePeakMb(),
      seconds: r.seconds, serverCpuSeconds: cpuSeconds(server.pid) - cpu0, ...(r.p50Ms === undefined ? {} : { p50Ms: r.p50Ms }),
    };
    progress(`  ${v.name} round ${round} ${kind}: idle ${fixed(idleMb, 0)} MB (anon ${fixed(idle.anon, 0)}, file ${fixed(idle.file, 0)}), ` +
      `peak ${fixed(sample.peakMb, 0)} MB, ${fixed(sample.seconds)} s, server CPU ${fixed(sample.serverCpuSeconds)} s` +
      (r.p50Ms === undefined ? '' : `, p50 ${fixed(r.p50Ms, 0)} ms`));
    return sample;
  } finally {
    rss.stop();
    await server.stop();
  }
}

async function streamOnce(tapUrl: string, responseFormat: string): Promise<{ seconds: number }> {
  const c = FORMAT_CASES.find((f) => f.responseFormat === responseFormat);
  if (!c) throw new Error(`unknown format ${responseFormat}: one of ${FORMAT_CASES.map((f) => f.responseFormat).join(', ')}`);
  const form = { LANG: 'ADQL', QUERY: throughputQuery(rows, table), MAXREC: String(rows), RESPONSEFORMAT: responseFormat };
  const reply = await request(`${tapUrl}/sync`, { form, ...(c.count ? { count: c.count } : {}) });
  const got = c.rowsOf(reply);
  if (reply.status !== 200 || got === -2 || (got >= 0 && got !== rows)) {
    throw new Error(`${c.label}: HTTP ${reply.status}, ${got} rows instead of ${rows}; tail: ${reply.tail.slice(-500)}`);
  }
  return { seconds: reply.seconds };
}

async function conesOnce(tapUrl: string, centres: readonly Centre[]): Promise<{ seconds: number; p50Ms: number }> {
  const start = performance.now();
  const radius = Number(args.radius) / 60;
  const ms = await mapConcurrent(centres, Number(args.clients), async (c) => {
    const reply = await request(`${tapUrl}/sync`, { form: { LANG: 'ADQL', QUERY: coneQuery(table, c, radius) } });
    if (reply.status !== 200 || !reply.tail.includes('</VOTABLE>')) throw new Error(`cone ${c.ra} ${c.dec}: HTTP ${reply.status}`);
    return reply.seconds * 1000;
  });
  return { seconds: (performance.now() - start) / 1000, p50Ms: p50(ms) };
}

progress(`ingesting what ${baseEnv.dataDir} holds and is not loaded yet ...`);
ingest(baseEnv);
// The centres need the cluster: a first server gives its URL (the cluster stops with it).
let centres: Centre[] = [];
if (Number(args.cones) > 0) {
  const first = await startServer(baseEnv, {});
  try {
    centres = await sampleCentres(first.cluster.ownerUrl, table, Number(args.cones));
  } finally {
    await first.stop();
  }
}
const formats = args.formats.split(',').filter(Boolean);
const samples: Sample[] = [];
const loads: number[] = [loadAverage()[0]];
for (let round = 1; round <= Number(args.rounds); round++) {
  // Interleaved: every variant meets the same machine load, case by case.
  for (const format of formats) {
    for (const v of variants) samples.push(await onFreshServer(v, round, `stream ${format}`, (tapUrl) => streamOnce(tapUrl, format)));
  }
  if (centres.length) {
    for (const v of variants) {
      samples.push(await onFreshServer(v, round, `cones ${args.clients} × ${args.radius}′`, (tapUrl) => conesOnce(tapUrl, centres)));
    }
  }
  loads.push(loadAverage()[0]);
}

const out: string[] = [];
const print = (line = ''): void => { console.log(line); out.push(line); };
print(`## TAP server memory: ${args.label}, ${new Date().toISOString()}`);
print(`${rows.toLocaleString('en')} rows × 20 columns per stream; ${centres.length} cones of ${args.radius}′ by ${args.clients} clients; ` +
  `${args.rounds} round(s); one-minute load average ${loads.map((l) => fixed(l, 1)).join(' → ')}`);
print();
print('| variant | case | RSS after start MB (anon + file) | peak RSS MB | seconds | server CPU s | cone p50 ms |');
print('|---|---|---:|---:|---:|---:|---:|');
const kinds = [...new Set(samples.map((s) => s.kind))];
for (const kind of kinds) {
  for (const v of variants) {
    const of = samples.filter((s) => s.kind === kind && s.variant === v.name);
    const m = (f: (s: Sample) => number): number => median(of.map(f));
    const p = of.map((s) => s.p50Ms).filter((x): x is number => x !== undefined);
    print(`| ${v.name} | ${kind} | ${fixed(m((s) => s.idleMb), 0)} (${fixed(m((s) => s.idleAnonMb), 0)} + ${fixed(m((s) => s.idleFileMb), 0)}) ` +
      `| ${of.map((s) => fixed(s.peakMb, 0)).join(', ')} | ${fixed(m((s) => s.seconds))} | ${fixed(m((s) => s.serverCpuSeconds))} | ${p.length ? fixed(median(p), 0) : '–'} |`);
  }
}
print();
print(`variants: ${variants.map((v) => `${v.name} = \`${[...v.nodeArgs, ...Object.entries(v.env).map(([k, x]) => `${k}=${x}`)].join(' ') || '(none)'}\``).join('; ')}`);
const file = path.join(projectRoot, 'var', 'bench', `tap-memory-${args.label}.json`);
fs.writeFileSync(file, JSON.stringify({ label: args.label, samples, report: out }, null, 1));
progress(`figures written to ${file}`);
