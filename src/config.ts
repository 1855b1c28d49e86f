// One typed configuration for the server and the CLI: environment variables, then flags.
// Every limit, path and port lives here with its documented default (README "Configuration").
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  /** HTTP port of the server (PORT). */
  port: number;
  /** Host/interface the server binds to (HOST). */
  host: string;
  /** Public base URL used in documents and redirects when no proxy header says otherwise (PUBLIC_URL). */
  publicUrl: string | undefined;
  /** An existing PostgreSQL to use instead of the private cluster (DATABASE_URL). */
  databaseUrl: string | undefined;
  /** A login of the read-only role on that server (READER_DATABASE_URL); else SET ROLE hscvo_reader. */
  readerDatabaseUrl: string | undefined;
  /** Where mutable state lives: the private cluster, generated data, job results (VAR_DIR). */
  varDir: string;
  /** Generated survey data (catalog CSV, coadd FITS images) (DATA_DIR, default VAR_DIR/data). */
  dataDir: string;
  /** HiPS hierarchies, one directory each, served at /hips/{id} (HIPS_DIR, default ./hips). */
  hipsDir: string;
  /**
   * Async job results and uploads (JOBS_DIR, default VAR_DIR/jobs). Nodes sharing one database
   * share its job queue, so they must share this directory too (shared storage).
   */
  jobsDir: string;
  /**
   * This process's name in the shared job queue (NODE_NAME, default the host name): after a
   * restart, the jobs this node was executing are marked ERROR. Two processes on one host need
   * two names.
   */
  nodeName: string;
  /** Port of the private PostgreSQL cluster (PGPORT_PRIVATE). */
  privatePgPort: number;
  /** Log level: debug, info, warn, error (LOG_LEVEL). */
  logLevel: LogLevel;
  /** Dataset profile loaded by `demo` (DATA_PROFILE): tiny or demo. */
  dataProfile: 'tiny' | 'demo';
  /** Seed of the synthetic data generator (DATA_SEED). */
  dataSeed: number;
  /** TAP limits, advertised in /tap/capabilities. */
  tap: TapLimits;
  /** SIA, DataLink, SODA and preview limits. */
  images: ImageLimits;
}

export interface ImageLimits {
  /** SIA MAXREC when the client gives none, and the largest honoured (SIA_MAXREC_DEFAULT, SIA_MAXREC_HARD). */
  siaMaxrecDefault: number;
  siaMaxrecHard: number;
  /** IDs answered in one DataLink request; more are cut with an OVERFLOW INFO (DATALINK_MAX_IDS). */
  datalinkMaxIds: number;
  /** Largest SODA cutout, pixels per plane (SODA_MAX_PIXELS); larger requests get a "too large" error. */
  sodaMaxPixels: number;
  /** Longest side of a PNG preview in pixels (PREVIEW_SIZE). */
  previewSize: number;
  /** Where rendered previews are cached (PREVIEW_CACHE_DIR, default VAR_DIR/previews). */
  previewCacheDir: string;
}

export interface TapLimits {
  /**
   * Name of the async job list in the database's shared job queue (TAP_JOB_LIST). Nodes of one
   * deployment share it; deployments with other limits (another release, a test server) on the
   * same database need their own, or they would run each other's jobs under their own limits.
   */
  jobList: string;
  /** MAXREC when the client gives none (TAP_MAXREC_DEFAULT). */
  maxrecDefault: number;
  /** Largest MAXREC honoured; larger requests are cut to it (TAP_MAXREC_HARD). */
  maxrecHard: number;
  /** statement_timeout of sync queries, seconds (TAP_SYNC_TIMEOUT). */
  syncTimeoutSeconds: number;
  /** Async EXECUTIONDURATION default and hard limit, seconds (TAP_EXECUTION_DEFAULT, TAP_EXECUTION_HARD). */
  executionDefaultSeconds: number;
  executionHardSeconds: number;
  /** Async jobs are destroyed this long after creation by default / at most (TAP_RETENTION_DEFAULT, TAP_RETENTION_HARD). */
  retentionDefaultSeconds: number;
  retentionHardSeconds: number;
  /** Async jobs executing at once on this node (TAP_ASYNC_CONCURRENCY). */
  asyncConcurrency: number;
  /** Sync queries running at once per client address (TAP_SYNC_PER_CLIENT). */
  syncPerClient: number;
  /** Largest upload in bytes and rows (TAP_UPLOAD_MAX_BYTES, TAP_UPLOAD_MAX_ROWS). */
  uploadMaxBytes: number;
  uploadMaxRows: number;
  /** URL prefixes uploads may be fetched from (TAP_UPLOAD_URL_ALLOW, comma-separated); empty: by-URL uploads off. */
  uploadUrlAllowList: string[];
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${value}"`);
  return n;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
}

/** Reads the configuration from an environment (process.env by default) and flag overrides. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const varDir = path.resolve(projectRoot, env.VAR_DIR ?? 'var');
  const base: Config = {
    port: intFrom(env.PORT, 8080, 'PORT'),
    host: env.HOST ?? '0.0.0.0',
    publicUrl: env.PUBLIC_URL || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    readerDatabaseUrl: env.READER_DATABASE_URL || undefined,
    varDir,
    dataDir: path.resolve(projectRoot, env.DATA_DIR ?? path.join(varDir, 'data')),
    hipsDir: path.resolve(projectRoot, env.HIPS_DIR ?? 'hips'),
    jobsDir: path.resolve(projectRoot, env.JOBS_DIR ?? path.join(varDir, 'jobs')),
    nodeName: env.NODE_NAME || os.hostname(),
    privatePgPort: intFrom(env.PGPORT_PRIVATE, 54329, 'PGPORT_PRIVATE'),
    logLevel: oneOf(env.LOG_LEVEL, ['debug', 'info', 'warn', 'error'] as const, 'info', 'LOG_LEVEL'),
    dataProfile: oneOf(env.DATA_PROFILE, ['tiny', 'demo'] as const, 'demo', 'DATA_PROFILE'),
    dataSeed: intFrom(env.DATA_SEED, 20210801, 'DATA_SEED'),
    tap: {
      jobList: env.TAP_JOB_LIST || 'tap-async',
      maxrecDefault: intFrom(env.TAP_MAXREC_DEFAULT, 100_000, 'TAP_MAXREC_DEFAULT'),
      maxrecHard: intFrom(env.TAP_MAXREC_HARD, 10_000_000, 'TAP_MAXREC_HARD'),
      syncTimeoutSeconds: intFrom(env.TAP_SYNC_TIMEOUT, 300, 'TAP_SYNC_TIMEOUT'),
      executionDefaultSeconds: intFrom(env.TAP_EXECUTION_DEFAULT, 3600, 'TAP_EXECUTION_DEFAULT'),
      executionHardSeconds: intFrom(env.TAP_EXECUTION_HARD, 4 * 3600, 'TAP_EXECUTION_HARD'),
      retentionDefaultSeconds: intFrom(env.TAP_RETENTION_DEFAULT, 7 * 86400, 'TAP_RETENTION_DEFAULT'),
      retentionHardSeconds: intFrom(env.TAP_RETENTION_HARD, 30 * 86400, 'TAP_RETENTION_HARD'),
      asyncConcurrency: intFrom(env.TAP_ASYNC_CONCURRENCY, 2, 'TAP_ASYNC_CONCURRENCY'),
      syncPerClient: intFrom(env.TAP_SYNC_PER_CLIENT, 4, 'TAP_SYNC_PER_CLIENT'),
      uploadMaxBytes: intFrom(env.TAP_UPLOAD_MAX_BYTES, 20_000_000, 'TAP_UPLOAD_MAX_BYTES'),
      uploadMaxRows: intFrom(env.TAP_UPLOAD_MAX_ROWS, 100_000, 'TAP_UPLOAD_MAX_ROWS'),
      uploadUrlAllowList: (env.TAP_UPLOAD_URL_ALLOW ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
    },
    images: {
      siaMaxrecDefault: intFrom(env.SIA_MAXREC_DEFAULT, 1000, 'SIA_MAXREC_DEFAULT'),
      siaMaxrecHard: intFrom(env.SIA_MAXREC_HARD, 100_000, 'SIA_MAXREC_HARD'),
      datalinkMaxIds: intFrom(env.DATALINK_MAX_IDS, 100, 'DATALINK_MAX_IDS'),
      sodaMaxPixels: intFrom(env.SODA_MAX_PIXELS, 16_000_000, 'SODA_MAX_PIXELS'),
      previewSize: intFrom(env.PREVIEW_SIZE, 512, 'PREVIEW_SIZE'),
      previewCacheDir: path.resolve(projectRoot, env.PREVIEW_CACHE_DIR ?? path.join(varDir, 'previews')),
    },
  };
  return { ...base, ...overrides };
}
