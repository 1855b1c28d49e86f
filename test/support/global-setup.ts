// Global test setup: a private PostgreSQL cluster (with pg_sphere) for this run only, with the
// migrations applied, in its own directory and on a free port so parallel runs never collide;
// stopped and removed at the end. Tests reach it with inject('databaseUrl') / inject('readerUrl').
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig, projectRoot } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createLogger } from '../../src/log.ts';
import { prepareTestData } from './test-data.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Owner-role connection string of the test database (migrated, tiny data loaded when prepared). */
    databaseUrl: string;
    /** Read-only role connection string of the same database. */
    readerUrl: string;
    /** Directory holding the generated test data set (catalog CSV and images). */
    dataDir: string;
    /** The test run's VAR_DIR. */
    varDir: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = createLogger((process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'warn');
  const varDir = path.join(projectRoot, 'var', 'test', `run-${process.pid}`);
  fs.rmSync(varDir, { recursive: true, force: true });
  const port = await freePort();
  const config = loadConfig({ ...process.env, DATABASE_URL: '', VAR_DIR: varDir, PGPORT_PRIVATE: String(port) });
  const db = await openDatabase(config, log);
  const readerUrl = (db.reader.options as { connectionString?: string }).connectionString ?? db.ownerUrl;
  const dataDir = await prepareTestData(db, log);
  project.provide('databaseUrl', db.ownerUrl);
  project.provide('readerUrl', readerUrl);
  project.provide('dataDir', dataDir);
  project.provide('varDir', varDir);
  return async () => {
    await db.close();
    fs.rmSync(varDir, { recursive: true, force: true });
  };
}
