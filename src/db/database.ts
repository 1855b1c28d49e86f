// Opens the database the configuration names: DATABASE_URL, or the private cluster (the
// embedded default). Gives two pools: the owner's (loading, jobs, metadata) and the read-only
// one that user queries run on. Migrations are applied on open.
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { ensureCluster, READER_ROLE, stopCluster } from './cluster.ts';
import { DatabaseSetupError } from './errors.ts';
import { migrate } from './migrate.ts';

// int8 (object_id) must not lose precision: parse it as bigint. numeric stays a string.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => BigInt(v));

export interface Database {
  /** Owner role: loads data, runs migrations, stores jobs. */
  owner: pg.Pool;
  /** Read-only role: every user query runs here. */
  reader: pg.Pool;
  ownerUrl: string;
  /** Closes the pools and, if this process started the private cluster, stops it cleanly. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Stop the private cluster on close if this process started it (default true). */
  stopClusterOnClose?: boolean;
  poolSize?: number;
}

async function assertPgSphere(pool: pg.Pool): Promise<void> {
  const r = await pool.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_sphere'");
  if (r.rowCount) return;
  try {
    await pool.query('CREATE EXTENSION pg_sphere');
  } catch (err) {
    throw new DatabaseSetupError(`The database has no pg_sphere extension (${(err as Error).message}).`,
      'install postgresql-15-pgsphere on the database server (Debian) and run CREATE EXTENSION pg_sphere as a superuser');
  }
}

export async function openDatabase(config: Config, log: Logger, opts: OpenOptions = {}): Promise<Database> {
  let ownerUrl: string;
  let readerUrl: string | undefined;
  let stopOnClose = false;
  if (config.databaseUrl) {
    ownerUrl = config.databaseUrl;
    readerUrl = config.readerDatabaseUrl;
  } else {
    const cluster = await ensureCluster(config.varDir, config.privatePgPort, log);
    ownerUrl = cluster.ownerUrl;
    readerUrl = cluster.readerUrl;
    stopOnClose = cluster.startedHere && (opts.stopClusterOnClose ?? true);
  }
  const max = opts.poolSize ?? 10;
  const owner = new pg.Pool({ connectionString: ownerUrl, max, application_name: 'hsc-vo' });
  await assertPgSphere(owner);
  if (opts.migrate ?? true) {
    const client = await owner.connect();
    try {
      await migrate(client, log);
    } finally {
      client.release();
    }
  }
  // Without a reader login (an external server), user queries still run with the reader's rights.
  const reader = new pg.Pool({ connectionString: readerUrl ?? ownerUrl, max, application_name: 'hsc-vo-query' });
  if (!readerUrl) reader.on('connect', (c) => { void c.query(`SET ROLE ${READER_ROLE}`); });
  return {
    owner,
    reader,
    ownerUrl,
    async close() {
      await Promise.all([owner.end(), reader.end()]);
      if (stopOnClose) stopCluster(config.varDir, log);
    },
  };
}
