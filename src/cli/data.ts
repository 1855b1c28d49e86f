// `hsc-vo generate | ingest | demo`: the data life cycle (generate, load), and the demo that ends serving it.
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { adoptDataset, buildIndexes, ingestUnits, loadedUnits } from '../db/ingest.ts';
import { listWrittenUnits } from '../generate/files.ts';
import { catalogDirOf, generateDataset, isGenerated, readManifest } from '../generate/run.ts';
import type { DatasetRequest } from '../generate/dataset.ts';
import type { Logger } from '../log.ts';
import { startServer } from '../server.ts';
import { createProgress } from './progress.ts';
import { announce } from './serve.ts';
import { buildDemoHips } from '../hips/command.ts';
import { refreshObsCore } from '../images/index.ts';

interface GenerateFlags {
  profile?: 'tiny' | 'demo';
  seed?: string;
  targetRows?: string;
  images?: boolean;
  workers?: string;
}

function requestFrom(config: Config, flags: GenerateFlags): DatasetRequest {
  const targetRows = flags.targetRows ? Number(flags.targetRows) : undefined;
  if (targetRows !== undefined && !(targetRows > 0)) throw new Error('--target-rows must be a positive number');
  return {
    profile: flags.profile ?? config.dataProfile,
    seed: flags.seed ? Number(flags.seed) : config.dataSeed,
    targetRows,
    // A scaled catalog is for benchmarks: catalog only.
    images: (flags.images ?? true) && targetRows === undefined,
  };
}

export async function generateCommand(config: Config, log: Logger, flags: GenerateFlags): Promise<number> {
  const req = requestFrom(config, flags);
  const t0 = Date.now();
  await generateDataset(config.dataDir, req, log, flags.workers ? Number(flags.workers) : undefined);
  log.info('data set generated', { dataDir: config.dataDir, profile: req.profile, seconds: (Date.now() - t0) / 1000 });
  return 0;
}

/** The base URL written into ObsCore access_url for TAP clients (SIA uses each request's own). */
export function obscoreBaseUrl(config: Config): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}

/** Loads what the data directory holds and is not yet in the database; builds indexes if anything was loaded. */
export async function loadData(db: Database, dataDir: string, log: Logger, obscoreBase: string, concurrency = 2): Promise<number> {
  const manifest = readManifest(dataDir);
  if (manifest) await adoptDataset(db.owner, manifest, log);
  const units = listWrittenUnits(catalogDirOf(dataDir));
  if (!units.length) {
    log.warn('nothing to ingest: generate the data first (hsc-vo generate)', { dataDir });
    return 0;
  }
  const done = await loadedUnits(db.owner);
  const todo = units.filter((u) => !done.has(u.key));
  if (!todo.length) return 0;
  const bar = createProgress('ingest ', todo.reduce((s, u) => s + u.rows, 0), 'rows');
  const loaded = await ingestUnits(db.owner, todo, { concurrency, onUnit: (u) => bar.tick(u.rows) });
  bar.done();
  if (loaded.length) {
    await buildIndexes(db.owner, log);
    const images = await refreshObsCore(db.owner, obscoreBase);
    log.info('ObsCore records refreshed from the mosaic tables', { images });
  }
  return loaded.reduce((s, u) => s + u.rows, 0);
}

export async function ingestCommand(config: Config, log: Logger, flags: { concurrency?: string; reindex?: boolean }): Promise<number> {
  const db = await openDatabase(config, log);
  try {
    const rows = await loadData(db, config.dataDir, log, obscoreBaseUrl(config), Number(flags.concurrency ?? 2));
    // A database loaded by an older version gets the index files it lacks (all are idempotent).
    if (rows === 0 && flags.reindex) await buildIndexes(db.owner, log);
    log.info('ingest finished', { rows });
    return 0;
  } finally {
    await db.close();
  }
}

export async function demoCommand(config: Config, log: Logger, flags: { profile?: 'tiny' | 'demo' }): Promise<number> {
  const t0 = Date.now();
  const req = requestFrom(config, { profile: flags.profile });
  if (!isGenerated(config.dataDir, req)) {
    log.info('generating the demo data (first run only)', { profile: req.profile, dataDir: config.dataDir });
    await generateDataset(config.dataDir, req, log);
  }
  const db = await openDatabase(config, log);
  const manifest = readManifest(config.dataDir);
  await loadData(db, config.dataDir, log, obscoreBaseUrl(config));
  if (req.images) await buildDemoHips(config, log);
  const server = await startServer(config, log, { db });
  log.info('demo ready', { seconds: (Date.now() - t0) / 1000, generator: manifest?.generator });
  return announce(server);
}
