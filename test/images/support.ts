// A Koa app with the image routers on the test database and data directory, and an open handle
// for direct SQL; ivoa.obscore is refreshed from the loaded mosaic rows first.
import fs from 'node:fs';
import path from 'node:path';
import Koa from 'koa';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { imageRouters, refreshObsCore, type ImageServiceDeps } from '../../src/images/index.ts';
import { createLogger } from '../../src/log.ts';

export interface ImageTestApp {
  koa: Koa;
  deps: ImageServiceDeps;
  close(): Promise<void>;
}

export async function imageTestApp(env: Record<string, string> = {}): Promise<ImageTestApp> {
  const varDir = path.join(inject('varDir'), `images-${process.pid}-${Math.random().toString(36).slice(2)}`);
  fs.mkdirSync(varDir, { recursive: true });
  const config = loadConfig({ ...process.env, VAR_DIR: varDir, DATA_DIR: inject('dataDir'), PUBLIC_URL: '', ...env });
  const owner = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
  const reader = new pg.Pool({ connectionString: inject('readerUrl'), max: 4 });
  const db: Database = { owner, reader, ownerUrl: inject('databaseUrl'), close: async () => { await Promise.all([owner.end(), reader.end()]); } };
  await refreshObsCore(owner, 'http://127.0.0.1');
  const deps: ImageServiceDeps = { config, db, log: createLogger('error') };
  const koa = new Koa();
  koa.proxy = true;
  for (const r of imageRouters(deps)) koa.use(r.routes()).use(r.allowedMethods());
  return { koa, deps, close: () => db.close() };
}
