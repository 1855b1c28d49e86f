// One typed configuration for the server and the CLI: environment variables, then flags.
// Every limit, path and port lives here with its documented default (README "Configuration").
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
  /** Where mutable state lives: the private cluster, generated data, job results (VAR_DIR). */
  varDir: string;
  /** Generated survey data (catalog CSV, coadd FITS images) (DATA_DIR, default VAR_DIR/data). */
  dataDir: string;
  /** Port of the private PostgreSQL cluster (PGPORT_PRIVATE). */
  privatePgPort: number;
  /** Log level: debug, info, warn, error (LOG_LEVEL). */
  logLevel: LogLevel;
  /** Dataset profile loaded by `demo` (DATA_PROFILE): tiny or demo. */
  dataProfile: 'tiny' | 'demo';
  /** Seed of the synthetic data generator (DATA_SEED). */
  dataSeed: number;
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
    varDir,
    dataDir: path.resolve(projectRoot, env.DATA_DIR ?? path.join(varDir, 'data')),
    privatePgPort: intFrom(env.PGPORT_PRIVATE, 54329, 'PGPORT_PRIVATE'),
    logLevel: oneOf(env.LOG_LEVEL, ['debug', 'info', 'warn', 'error'] as const, 'info', 'LOG_LEVEL'),
    dataProfile: oneOf(env.DATA_PROFILE, ['tiny', 'demo'] as const, 'demo', 'DATA_PROFILE'),
    dataSeed: intFrom(env.DATA_SEED, 20210801, 'DATA_SEED'),
  };
  return { ...base, ...overrides };
}
