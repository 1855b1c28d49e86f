// Starts and stops the hsc-vo server (and so its private PostgreSQL cluster) for the TAP benchmark,
// on the benchmark's own VAR_DIR, DATA_DIR and ports, and gives the cluster's role URLs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/config.ts';
import { clusterStatus, ensureCluster, stopCluster, type RunningCluster } from '../../src/db/cluster.ts';
import { createLogger } from '../../src/log.ts';

export interface BenchEnvironment {
  varDir: string;
  dataDir: string;
  port: number;
  pgPort: number;
  /** The checkout whose bin/hsc-vo.js is run (this one by default; another for an A/B comparison). */
  checkout?: string;
  /** Extra Node flags for the server process (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
}

export interface BenchServer {
  pid: number;
  url: string;
  cluster: RunningCluster;
  stop(): Promise<void>;
}

const cliOf = (e: BenchEnvironment): string => path.join(e.checkout ?? projectRoot, 'bin', 'hsc-vo.js');

function envOf(e: BenchEnvironment, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env, DATABASE_URL: '', READER_DATABASE_URL: '', VAR_DIR: e.varDir, DATA_DIR: e.dataDir,
    PGPORT_PRIVATE: String(e.pgPort), PORT: String(e.port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra,
  };
}

/** `hsc-vo ingest`: loads whatever of DATA_DIR is not yet loaded (a no-op when all is). */
export function ingest(e: BenchEnvironment): void {
  const r = spawnSync(process.execPath, [cliOf(e), 'ingest'], { env: envOf(e, {}), stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`hsc-vo ingest failed with status ${String(r.status)}`);
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with status ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the server did not become healthy within 3 minutes');
}

/** `hsc-vo serve` as a child process; stop() sends SIGTERM (the server stops the cluster it started). */
export async function startServer(e: BenchEnvironment, extraEnv: Record<string, string>): Promise<BenchServer> {
  // As deployed: the flag of the bin/hsc-vo.js shebang, which `node bin/hsc-vo.js` would not read.
  const child = spawn(process.execPath, ['--max-semi-space-size=8', ...(e.nodeArgs ?? []), cliOf(e), 'serve'], { env: envOf(e, extraEnv), stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${e.port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    // The server stops the cluster only when it started it; the benchmark leaves nothing running.
    if (clusterStatus(e.varDir).running) stopCluster(e.varDir, createLogger('warn'));
  };
  try {
    await waitForHealth(url, child);
    // The cluster is running (the server started it): this only reads its URLs.
    const cluster = await ensureCluster(e.varDir, e.pgPort, createLogger('warn'));
    return { pid: child.pid as number, url, cluster, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
