// Finds the machine's PostgreSQL server binaries and checks that pg_sphere is installed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSetupError } from './errors.ts';

export interface PgInstallation {
  binDir: string;
  shareDir: string;
  majorVersion: number;
}

const SUPPORTED_MAJOR = 15;

function pgConfig(args: string[]): string | undefined {
  for (const exe of [`/usr/lib/postgresql/${SUPPORTED_MAJOR}/bin/pg_config`, 'pg_config']) {
    try {
      return execFileSync(exe, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

/** Locates initdb/pg_ctl/postgres (PG_BIN overrides) and fails with the package to install if absent. */
export function findPostgres(env: NodeJS.ProcessEnv = process.env): PgInstallation {
  const candidates = [env.PG_BIN, `/usr/lib/postgresql/${SUPPORTED_MAJOR}/bin`, pgConfig(['--bindir'])]
    .filter((d): d is string => typeof d === 'string' && d !== '');
  const binDir = candidates.find((d) => fs.existsSync(path.join(d, 'initdb')) && fs.existsSync(path.join(d, 'pg_ctl')));
  if (!binDir) {
    throw new DatabaseSetupError('PostgreSQL server binaries (initdb, pg_ctl) were not found.',
      `install them: apt-get install postgresql-${SUPPORTED_MAJOR} postgresql-${SUPPORTED_MAJOR}-pgsphere ` +
      '(or set PG_BIN to their directory, or DATABASE_URL to an existing server with pg_sphere)');
  }
  const version = execFileSync(path.join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' });
  const majorVersion = Number(/\s(\d+)(\.\d+)?/.exec(version)?.[1] ?? NaN);
  const shareDir = execFileSync(path.join(binDir, 'pg_config'), ['--sharedir'], { encoding: 'utf8' }).trim();
  return { binDir, shareDir, majorVersion };
}

/** Fails with the exact Debian package name when the pg_sphere extension files are missing. */
export function assertPgSphereInstalled(pg: PgInstallation): void {
  if (!fs.existsSync(path.join(pg.shareDir, 'extension', 'pg_sphere.control'))) {
    throw new DatabaseSetupError('The pg_sphere extension is not installed for this PostgreSQL.',
      `install it: apt-get install postgresql-${pg.majorVersion}-pgsphere`);
  }
}
