// A real server for end-to-end tests: the whole application on the test database, listening on
// a free loopback port, so HTTP clients (supertest, pyvo, stilts) talk to it as they would in use.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { createLogger } from '../../src/log.ts';
import { createApp, type App } from '../../src/server.ts';

export interface TestServer {
  url: string;
  app: App;
  db: Database;
  config: Config;
  close(): Promise<void>;
}

let counter = 0;

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const varDir = path.join(inject('varDir'), `app-${process.pid}-${counter++}`);
  fs.mkdirSync(varDir, { recursive: true });
  const config = loadConfig({
    ...process.env, DATABASE_URL: inject('databaseUrl'), READER_DATABASE_URL: inject('readerUrl'),
    VAR_DIR: varDir, DATA_DIR: inject('dataDir'), PORT: '0', HOST: '127.0.0.1', PUBLIC_URL: '',
    // Every test server shares the run's database and so its job queue. Each is its own
    // deployment (some with other limits): its own job list and node name, so none runs
    // another's jobs; they share the jobs directory, as nodes would.
    JOBS_DIR: path.join(inject('varDir'), 'jobs'), NODE_NAME: `test-${process.pid}-${counter}`,
    TAP_JOB_LIST: `tap-async-test-${process.pid}-${counter}`, ...env,
  });
  const log = createLogger((process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'warn');
  const db = await openDatabase(config, log, { poolSize: 4 });
  const app = await createApp({ config, db, log });
  await app.start();
  const server = app.koa.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, app, db, config,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.stop();
      await db.close();
    },
  };
}
