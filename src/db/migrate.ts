// Ordered migrations: every sql/NNN_*.sql file is applied once, in name order, each in its own
// transaction, and recorded with its checksum in hscvo_migration.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { projectRoot } from '../config.ts';
import type { Logger } from '../log.ts';

export const migrationsDir = path.join(projectRoot, 'sql');
const MIGRATION_FILE = /^\d{3}_[a-z0-9_]+\.sql$/;
/** Any constant; it only keeps two processes from migrating the same database at once. */
const ADVISORY_LOCK_KEY = 0x4853437;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = migrationsDir): Migration[] {
  return fs.readdirSync(dir).filter((f) => MIGRATION_FILE.test(f)).sort().map((name) => {
    const sql = fs.readFileSync(path.join(dir, name), 'utf8');
    return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
  });
}

/** Applies the pending migrations; a changed checksum of an applied one is an error, not a silent skip. */
export async function migrate(client: pg.ClientBase, log: Logger, dir = migrationsDir): Promise<string[]> {
  await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS public.hscvo_migration (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map((await client.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM public.hscvo_migration')).rows.map((r) => [r.name, r.checksum]));
    const applied: string[] = [];
    for (const m of listMigrations(dir)) {
      const previous = done.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new Error(`migration ${m.name} changed after it was applied; write a new migration instead ` +
            '(or, for a disposable development database, remove var/ and start again)');
        }
        continue;
      }
      log.info('applying migration', { name: m.name });
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO public.hscvo_migration (name, checksum) VALUES ($1, $2)', [m.name, m.checksum]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
  }
}
