// Drops per-query upload schemas that outlived their query: a process that died between loading
// and disposing must not leak tap_upload_* schemas. The creation time is in the schema's name.
import type pg from 'pg';
import { dropUploadSchema, UPLOAD_SCHEMA_PREFIX } from './load.ts';

const NAME = new RegExp(`^${UPLOAD_SCHEMA_PREFIX}(\\d+)_[0-9a-f]+$`);

/** Milliseconds since the epoch at which a per-query schema was made, or undefined for other names. */
export function uploadSchemaCreatedAt(name: string): number | undefined {
  const m = NAME.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * Drops the upload schemas created more than `olderThanMs` ago (choose it above the longest
 * query, i.e. the execution-duration hard limit: a schema still in use is never waited for, a
 * lock held by a running query makes the drop skip it until the next sweep). Returns the names dropped.
 */
export async function sweepUploadSchemas(pool: pg.Pool, olderThanMs: number, now = Date.now()): Promise<string[]> {
  const { rows } = await pool.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`, [UPLOAD_SCHEMA_PREFIX]);
  const dropped: string[] = [];
  for (const { nspname } of rows) {
    const createdAt = uploadSchemaCreatedAt(nspname);
    if (createdAt === undefined || now - createdAt < olderThanMs) continue;
    const client = await pool.connect();
    try {
      await client.query(`SET lock_timeout = '2s'`);
      await dropUploadSchema(client, nspname);
      dropped.push(nspname);
    } catch (err) {
      // 55P03 lock_not_available: a query still reads it; next time.
      if ((err as { code?: string }).code !== '55P03') throw err;
    } finally {
      client.release(true);
    }
  }
  return dropped;
}
