// Loads generated work units into PostgreSQL with COPY: one unit per transaction, recorded in
// hscvo.ingested_unit in the same transaction, so an interrupted ingest is re-run without
// duplicates. Indexes are built after loading (sql/indexes/*.sql), then ANALYZE.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { projectRoot } from '../config.ts';
import type { Logger } from '../log.ts';
import type { WrittenUnit } from '../generate/files.ts';

export const indexesDir = path.join(projectRoot, 'sql', 'indexes');

const SAFE_NAME = /^[a-z_][a-z0-9_]*$/;

function quoteIdent(name: string): string {
  if (!SAFE_NAME.test(name)) throw new Error(`unexpected identifier in a generated file name or header: ${name}`);
  return `"${name}"`;
}

async function firstLine(file: string): Promise<string> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    const nl = text.indexOf('\n');
    if (nl < 0) throw new Error(`${file}: no header line`);
    return text.slice(0, nl);
  } finally {
    await fd.close();
  }
}

/** The COPY statement for one generated CSV file (<schema>.<table>.csv with a header row). */
export async function copyStatement(file: string): Promise<string> {
  const [schema, table] = path.basename(file, '.csv').split('.');
  if (!schema || !table) throw new Error(`${file}: expected <schema>.<table>.csv`);
  const columns = (await firstLine(file)).split(',').map(quoteIdent).join(', ');
  return `COPY ${quoteIdent(schema)}.${quoteIdent(table)} (${columns}) FROM STDIN WITH (FORMAT csv, HEADER true)`;
}

export async function loadedUnits(pool: pg.Pool): Promise<Set<string>> {
  const r = await pool.query<{ unit_key: string }>('SELECT unit_key FROM hscvo.ingested_unit');
  return new Set(r.rows.map((x) => x.unit_key));
}

/** Loads one unit in one transaction. */
export async function loadUnit(pool: pg.Pool, unit: WrittenUnit): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const file of unit.files) {
      const copy = client.query(copyFrom(await copyStatement(file)));
      await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), copy);
    }
    await client.query('INSERT INTO hscvo.ingested_unit (unit_key, row_count) VALUES ($1, $2)', [unit.key, unit.rows]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(`loading ${unit.key} failed: ${(err as Error).message}`);
  } finally {
    client.release();
  }
}

export interface IngestOptions {
  concurrency?: number;
  onUnit?: (unit: WrittenUnit) => void;
}

/** Loads every unit not yet in the database; returns the units loaded now. */
export async function ingestUnits(pool: pg.Pool, units: readonly WrittenUnit[], opts: IngestOptions = {}): Promise<WrittenUnit[]> {
  const done = await loadedUnits(pool);
  const todo = units.filter((u) => !done.has(u.key));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const unit = todo[next++] as WrittenUnit;
      await loadUnit(pool, unit);
      opts.onUnit?.(unit);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  return todo;
}

/** Builds the indexes of sql/indexes (idempotent statements) and refreshes the planner's statistics. */
export async function buildIndexes(pool: pg.Pool, log: Logger, dir = indexesDir): Promise<void> {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort() : [];
  for (const f of files) {
    const t0 = Date.now();
    await pool.query(fs.readFileSync(path.join(dir, f), 'utf8'));
    log.info('indexes built', { file: f, seconds: (Date.now() - t0) / 1000 });
  }
  const t0 = Date.now();
  await pool.query('ANALYZE');
  log.info('statistics refreshed (ANALYZE)', { seconds: (Date.now() - t0) / 1000 });
}

/** The identity of a generated data set: two manifests with the same identity hold the same rows. */
export interface DatasetIdentity {
  generator: string;
  profile: string;
  seed: number;
  targetRows?: number;
}

const LOADED_SCHEMAS = ['pdr3_wide', 'pdr3_dud', 'synth'];

/**
 * Makes the database hold rows of this data set only: when it holds another one (other seed,
 * profile or generator version), every loaded table is emptied first, in one transaction.
 */
export async function adoptDataset(pool: pg.Pool, manifest: DatasetIdentity, log: Logger): Promise<void> {
  const identity = { generator: manifest.generator, profile: manifest.profile, seed: manifest.seed, targetRows: manifest.targetRows ?? null };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const r = await client.query<{ manifest: typeof identity }>('SELECT manifest FROM hscvo.dataset FOR UPDATE');
    const current = r.rows[0]?.manifest;
    const same = current !== undefined && (Object.keys(identity) as (keyof typeof identity)[])
      .every((k) => (current[k] ?? null) === identity[k]);
    if (same) {
      await client.query('COMMIT');
      return;
    }
    if (current) {
      log.warn('the database holds another generated data set: emptying the loaded tables', { current, next: identity });
      const tables = await client.query<{ t: string }>(`SELECT format('%I.%I', schemaname, tablename) AS t
        FROM pg_tables WHERE schemaname = ANY($1)`, [LOADED_SCHEMAS]);
      if (tables.rows.length) await client.query(`TRUNCATE ${tables.rows.map((x) => x.t).join(', ')}`);
      await client.query('TRUNCATE hscvo.ingested_unit');
    }
    await client.query(`INSERT INTO hscvo.dataset (manifest) VALUES ($1)
      ON CONFLICT (id) DO UPDATE SET manifest = excluded.manifest, loaded_at = now()`, [identity]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
