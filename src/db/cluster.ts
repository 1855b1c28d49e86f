// The embedded default database: a private PostgreSQL cluster under var/pg, started with the
// machine's binaries (as the postgres system user when we are root) and bootstrapped with the
// hscvo database, its two roles and the pg_sphere extension.
import { spawnSync, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../log.ts';
import { assertPgSphereInstalled, findPostgres, type PgInstallation } from './binaries.ts';
import { DatabaseSetupError } from './errors.ts';

export const DATABASE_NAME = 'hscvo';
export const OWNER_ROLE = 'hscvo_owner';
export const READER_ROLE = 'hscvo_reader';

interface Credentials {
  superuser: string;
  owner: string;
  reader: string;
}

export interface ClusterPaths {
  /** The PostgreSQL data directory (owned by the postgres user when we run as root). */
  dataDir: string;
  /** Passwords of the cluster's roles, readable by us only. */
  credentialsFile: string;
  logFile: string;
}

export interface ClusterStatus {
  running: boolean;
  port: number | undefined;
  paths: ClusterPaths;
}

interface RunAs {
  uid: number;
  gid: number;
}

/** When we are root, PostgreSQL refuses to run as us: use the postgres system user. */
function runAsUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new DatabaseSetupError('Running as root, but there is no postgres system user to run the cluster as.',
      'install the server package, which creates it: apt-get install postgresql-15 postgresql-15-pgsphere');
  }
}

function canReach(dir: string, user: RunAs | undefined): boolean {
  if (!user) return true;
  return spawnSync('test', ['-w', dir, '-a', '-x', dir], { uid: user.uid, gid: user.gid }).status === 0;
}

/**
 * Where the cluster lives: <varDir>/pg, unless the postgres user cannot reach it (a checkout
 * under a root-only directory such as /root), in which case a directory under /var/tmp keyed
 * by the checkout's path is used instead.
 */
export function clusterPaths(varDir: string, log?: Logger): ClusterPaths {
  const user = runAsUser();
  const preferred = path.join(varDir, 'pg');
  let dataDir = preferred;
  fs.mkdirSync(varDir, { recursive: true, mode: 0o755 });
  fs.mkdirSync(preferred, { recursive: true, mode: 0o700 });
  if (user) fs.chownSync(preferred, user.uid, user.gid);
  if (!canReach(preferred, user)) {
    const key = crypto.createHash('sha256').update(path.resolve(varDir)).digest('hex').slice(0, 12);
    dataDir = path.join('/var/tmp', `hsc-vo-${key}`, 'pg');
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(path.dirname(dataDir), 0o755);
    if (user) fs.chownSync(dataDir, user.uid, user.gid);
    log?.warn('the postgres user cannot reach the var directory; the private cluster lives elsewhere',
      { preferred, dataDir });
  }
  return { dataDir, credentialsFile: path.join(varDir, 'pg-credentials.json'), logFile: path.join(dataDir, 'server.log') };
}

function run(pgi: PgInstallation, exe: string, args: string[], user: RunAs | undefined): { status: number; output: string } {
  const r = spawnSync(path.join(pgi.binDir, exe), args, {
    encoding: 'utf8', uid: user?.uid, gid: user?.gid, cwd: os.tmpdir(), timeout: 120_000,
  });
  return { status: r.status ?? -1, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function readCredentials(file: string): Credentials | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
}

function newCredentials(file: string): Credentials {
  const pw = (): string => crypto.randomBytes(18).toString('base64url');
  const creds: Credentials = { superuser: pw(), owner: pw(), reader: pw() };
  fs.writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  return creds;
}

/** Settings for a private cluster: loopback only, sized for a 2-core, 24 GiB machine. */
const CLUSTER_SETTINGS = `
# Written by hsc-vo for its private cluster.
listen_addresses = '127.0.0.1'
shared_buffers = '512MB'
work_mem = '32MB'
maintenance_work_mem = '1GB'
max_wal_size = '4GB'
effective_cache_size = '8GB'
synchronous_commit = off
max_connections = 100
jit = off
`;

function initCluster(pgi: PgInstallation, paths: ClusterPaths, user: RunAs | undefined, log: Logger): Credentials {
  const creds = newCredentials(paths.credentialsFile);
  const pwfile = path.join(os.tmpdir(), `hsc-vo-pw-${process.pid}-${Date.now()}`);
  fs.writeFileSync(pwfile, creds.superuser + '\n', { mode: 0o600 });
  if (user) fs.chownSync(pwfile, user.uid, user.gid);
  try {
    log.info('initialising the private PostgreSQL cluster', { dataDir: paths.dataDir });
    const r = run(pgi, 'initdb', ['-D', paths.dataDir, '-U', 'postgres', '--auth=scram-sha-256',
      `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C'], user);
    if (r.status !== 0) throw new Error(`initdb failed:\n${r.output}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  fs.appendFileSync(path.join(paths.dataDir, 'postgresql.conf'), CLUSTER_SETTINGS);
  return creds;
}

function isInitialised(paths: ClusterPaths): boolean {
  return fs.existsSync(path.join(paths.dataDir, 'PG_VERSION'));
}

export function clusterStatus(varDir: string): ClusterStatus {
  const paths = clusterPaths(varDir);
  const pidFile = path.join(paths.dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return { running: false, port: undefined, paths };
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch {
    alive = false;
  }
  return { running: alive, port: alive ? Number(lines[3]) : undefined, paths };
}

export interface RunningCluster {
  port: number;
  ownerUrl: string;
  readerUrl: string;
  superuserUrl: string;
  /** True when this call started the postmaster (so the caller should stop it on shutdown). */
  startedHere: boolean;
  paths: ClusterPaths;
}

function url(role: string, password: string, port: number, db: string): string {
  return `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
}

/** Starts (or reuses) the private cluster and makes sure the database, roles and pg_sphere exist. */
export async function ensureCluster(varDir: string, port: number, log: Logger): Promise<RunningCluster> {
  const pgi = findPostgres();
  assertPgSphereInstalled(pgi);
  const user = runAsUser();
  const paths = clusterPaths(varDir, log);
  let creds = readCredentials(paths.credentialsFile);
  if (!isInitialised(paths)) {
    creds = initCluster(pgi, paths, user, log);
  } else if (!creds) {
    throw new DatabaseSetupError(`The private cluster in ${paths.dataDir} exists but its credentials file is missing.`,
      `remove the cluster (rm -rf ${paths.dataDir}) to recreate it, or restore ${paths.credentialsFile}`);
  }
  const status = clusterStatus(varDir);
  let startedHere = false;
  let actualPort = port;
  if (status.running && status.port !== undefined) {
    actualPort = status.port;
    log.info('reusing the running private PostgreSQL cluster', { port: actualPort });
  } else {
    log.info('starting the private PostgreSQL cluster', { port, dataDir: paths.dataDir });
    const r = run(pgi, 'pg_ctl', ['-D', paths.dataDir, '-l', paths.logFile, '-w', '-t', '60',
      '-o', `-p ${port} -k ${paths.dataDir}`, 'start'], user);
    if (r.status !== 0) {
      const tail = fs.existsSync(paths.logFile) ? fs.readFileSync(paths.logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`could not start PostgreSQL on port ${port}:\n${r.output}\n${tail}`);
    }
    startedHere = true;
  }
  const c = creds as Credentials;
  const cluster: RunningCluster = {
    port: actualPort,
    superuserUrl: url('postgres', c.superuser, actualPort, 'postgres'),
    ownerUrl: url(OWNER_ROLE, c.owner, actualPort, DATABASE_NAME),
    readerUrl: url(READER_ROLE, c.reader, actualPort, DATABASE_NAME),
    startedHere,
    paths,
  };
  await bootstrap(cluster, c);
  return cluster;
}

/** Idempotent: roles, the database owned by the owner role, pg_sphere, reader membership. */
async function bootstrap(cluster: RunningCluster, creds: Credentials): Promise<void> {
  const admin = new pg.Client({ connectionString: cluster.superuserUrl });
  await admin.connect();
  try {
    const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
    for (const [role, pw] of [[OWNER_ROLE, creds.owner], [READER_ROLE, creds.reader]] as const) {
      const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const verb = exists.rowCount ? 'ALTER' : 'CREATE';
      await admin.query(`${verb} ROLE ${role} LOGIN PASSWORD ${lit(pw)}`);
    }
    await admin.query(`ALTER ROLE ${OWNER_ROLE} CREATEROLE`);
    await admin.query(`GRANT ${READER_ROLE} TO ${OWNER_ROLE}`);
    const db = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (!db.rowCount) await admin.query(`CREATE DATABASE ${DATABASE_NAME} OWNER ${OWNER_ROLE}`);
  } finally {
    await admin.end();
  }
  const inDb = new pg.Client({ connectionString: cluster.superuserUrl.replace(/\/postgres$/, `/${DATABASE_NAME}`) });
  await inDb.connect();
  try {
    await inDb.query('CREATE EXTENSION IF NOT EXISTS pg_sphere');
  } finally {
    await inDb.end();
  }
}

/** Fast shutdown: PostgreSQL finishes or rolls back every transaction and checkpoints. */
export function stopCluster(varDir: string, log: Logger): boolean {
  const status = clusterStatus(varDir);
  if (!status.running) return false;
  const pgi = findPostgres();
  log.info('stopping the private PostgreSQL cluster', { dataDir: status.paths.dataDir });
  const r = run(pgi, 'pg_ctl', ['-D', status.paths.dataDir, '-m', 'fast', '-w', '-t', '120', 'stop'], runAsUser());
  if (r.status !== 0) throw new Error(`pg_ctl stop failed:\n${r.output}`);
  return true;
}
