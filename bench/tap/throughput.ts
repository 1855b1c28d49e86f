// Streaming throughput of /tap/sync: N rows x 20 columns of pdr3_wide.forced in each format, each
// round beside psql's text and binary COPY of the translated SQL; the server's peak RSS per request.
import { spawn } from 'node:child_process';
import { request, translatedSql, type Reply } from './client.ts';
import { clusterCpuSeconds, cpuSeconds, type RssSampler } from './sampler.ts';
import { seconds } from './stats.ts';

const BANDS = ['g', 'r', 'i', 'z', 'y'];
/** object_id, ra, dec, tract, patch and 15 real columns: 20 in all. */
export const THROUGHPUT_COLUMNS = ['object_id', 'ra', 'dec', 'tract', 'patch',
  ...BANDS.flatMap((b) => [`${b}_cmodel_mag`, `${b}_cmodel_magerr`, `${b}_psfflux_mag`])];

export function throughputQuery(rows: number, table: string): string {
  return `SELECT TOP ${rows} ${THROUGHPUT_COLUMNS.join(', ')} FROM ${table}`;
}

export interface FormatCase {
  label: string;
  responseFormat: string;
  /** Rows in the body, checked against the request. */
  rowsOf(reply: Reply): number;
  count?: string;
}

const votableStatusOk = (reply: Reply): boolean =>
  reply.tail.trimEnd().endsWith('</VOTABLE>') && !/QUERY_STATUS" value="(ERROR|OVERFLOW)"/.test(reply.tail);

export const FORMAT_CASES: readonly FormatCase[] = [
  // BINARY2 rows are not counted here (that needs a decoder): the closing status slot must say OK.
  { label: 'VOTable BINARY2', responseFormat: 'votable/b2', rowsOf: (r) => (votableStatusOk(r) ? -1 : -2) },
  { label: 'VOTable TABLEDATA', responseFormat: 'votable', count: '<TR>', rowsOf: (r) => (votableStatusOk(r) ? r.matches : -2) },
  { label: 'CSV', responseFormat: 'csv', count: '\n', rowsOf: (r) => r.matches - 1 },
  { label: 'FITS', responseFormat: 'fits', rowsOf: (r) => Number(/NAXIS2\s*=\s*(\d+)/.exec(r.head)?.[1] ?? -2) },
];

export type PsqlReference = 'COPY text' | 'COPY binary' | 'SELECT';

/** Seconds psql takes to send the SQL's rows to /dev/null: COPY (text or binary), or a plain SELECT (row protocol). */
export function timePsql(databaseUrl: string, sql: string, how: PsqlReference): Promise<number> {
  const bare = sql.replace(/;\s*$/, '');
  const command = how === 'SELECT' ? bare : `COPY (${bare}) TO STDOUT${how === 'COPY binary' ? ' WITH (FORMAT binary)' : ''}`;
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const psql = spawn('psql', [databaseUrl, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', command], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    psql.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    psql.on('error', reject);
    psql.on('exit', (code) => (code === 0 ? resolve(seconds(start)) : reject(new Error(`psql ${how} failed (${String(code)}): ${err}`))));
  });
}

/** Gives the postmaster time to reap the backend of psql's closed connection (its CPU then counts). */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));

export interface Measurement {
  rows: number;
  round: number;
  label: string;
  seconds: number;
  bytes: number;
  /** Seconds of the text COPY reference measured in the same round. */
  copySeconds: number;
  peakRssMb: number;
  /** CPU seconds the server process used for the request (NaN for the psql references). */
  serverCpuSeconds: number;
  /** CPU seconds the PostgreSQL cluster used meanwhile (backend, background processes). */
  databaseCpuSeconds: number;
  /** PostgreSQL CPU seconds of the text COPY reference of the same round. */
  copyCpuSeconds: number;
}

export interface ThroughputRun {
  sql: string;
  measurements: Measurement[];
}

export async function measureThroughput(tapUrl: string, readerUrl: string, clusterDir: string, table: string, rows: number,
  rounds: number, rss: RssSampler, log: (line: string) => void): Promise<ThroughputRun> {
  const form = { LANG: 'ADQL', QUERY: throughputQuery(rows, table), MAXREC: String(rows) };
  const sql = await translatedSql(tapUrl, form);
  const measurements: Measurement[] = [];
  for (let round = 1; round <= rounds; round++) {
    rss.takePeakMb();
    let db0 = clusterCpuSeconds(clusterDir);
    const copySeconds = await timePsql(readerUrl, sql, 'COPY text');
    await settle();
    const copyCpuSeconds = clusterCpuSeconds(clusterDir) - db0;
    const reference = async (label: string, how: PsqlReference): Promise<Measurement> => {
      const d0 = clusterCpuSeconds(clusterDir);
      const s = how === 'COPY text' ? copySeconds : await timePsql(readerUrl, sql, how);
      await settle();
      const databaseCpuSeconds = how === 'COPY text' ? copyCpuSeconds : clusterCpuSeconds(clusterDir) - d0;
      return { rows, round, label, seconds: s, bytes: NaN, copySeconds, peakRssMb: rss.takePeakMb(), serverCpuSeconds: NaN, databaseCpuSeconds, copyCpuSeconds };
    };
    measurements.push(await reference('psql COPY (text)', 'COPY text'));
    measurements.push(await reference('psql COPY (binary)', 'COPY binary'));
    measurements.push(await reference('psql SELECT (row protocol)', 'SELECT'));
    for (const c of FORMAT_CASES) {
      rss.takePeakMb();
      const cpu0 = cpuSeconds(rss.pid);
      db0 = clusterCpuSeconds(clusterDir);
      const reply = await request(`${tapUrl}/sync`, { form: { ...form, RESPONSEFORMAT: c.responseFormat }, ...(c.count ? { count: c.count } : {}) });
      const serverCpuSeconds = cpuSeconds(rss.pid) - cpu0;
      const databaseCpuSeconds = clusterCpuSeconds(clusterDir) - db0;
      const peakRssMb = rss.takePeakMb();
      const got = c.rowsOf(reply);
      if (reply.status !== 200 || got === -2 || (got >= 0 && got !== rows)) {
        throw new Error(`${c.label}: HTTP ${reply.status}, ${got} rows instead of ${rows}; tail: ${reply.tail.slice(-500)}`);
      }
      measurements.push({ rows, round, label: c.label, seconds: reply.seconds, bytes: reply.bytes, copySeconds, peakRssMb, serverCpuSeconds, databaseCpuSeconds, copyCpuSeconds });
      log(`  ${rows} rows, round ${round}: ${c.label} ${reply.seconds.toFixed(2)} s (COPY ${copySeconds.toFixed(2)} s), server CPU ${serverCpuSeconds.toFixed(2)} s, PostgreSQL CPU ${databaseCpuSeconds.toFixed(2)} s (COPY ${copyCpuSeconds.toFixed(2)} s), peak RSS ${peakRssMb.toFixed(0)} MB`);
    }
  }
  return { sql, measurements };
}
