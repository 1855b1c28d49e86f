// Starts a UWS service on the test database (inject('databaseUrl'), migrations applied by the
// global setup) with its own job list, node name and result directory, mounted in a Koa app.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import Koa from 'koa';
import pg from 'pg';
import request from 'supertest';
import { inject } from 'vitest';
import { UwsService, type UwsOptions } from '../../src/uws/service.ts';
import { uwsRouter } from '../../src/uws/router.ts';
import { echoKind, type EchoKind } from './echo-kind.ts';
import { createLogger } from '../../src/log.ts';

export const prefix = '/tap/async';

export interface TestUws {
  service: UwsService;
  kind: EchoKind;
  pool: pg.Pool;
  app: Koa;
  http: ReturnType<typeof request>;
  resultDir: string;
  node: string;
  jobList: string;
  /** Stops the service (and, unless keepPool, closes the pool and removes the result directory). */
  close(options?: { keepPool?: boolean }): Promise<void>;
}

export interface TestUwsOptions extends Partial<Omit<UwsOptions, 'pool' | 'kind'>> {
  pool?: pg.Pool;
  kind?: EchoKind;
  /** Do not start runners, sweeper and recovery (for store-level set-ups). */
  started?: boolean;
}

export async function startUws(options: TestUwsOptions = {}): Promise<TestUws> {
  const pool = options.pool ?? new pg.Pool({ connectionString: inject('databaseUrl'), max: 6 });
  const kind = options.kind ?? echoKind();
  const jobList = options.jobList ?? `test-${randomUUID()}`;
  const node = options.node ?? `node-${randomUUID()}`;
  const resultDir = options.resultDir ?? path.join(inject('varDir'), 'uws', jobList);
  const service = new UwsService({
    pollIntervalMs: 200, sweepIntervalMs: 3_600_000, concurrency: 2, maxWaitSeconds: 30, log: createLogger('warn'),
    ...options, pool, kind, jobList, node, resultDir,
  });
  if (options.started !== false) await service.start();
  const app = new Koa();
  const router = uwsRouter({ service, prefix, publicUrl: undefined });
  app.use(router.routes()).use(router.allowedMethods());
  return {
    service, kind, pool, app, http: request(app.callback()), resultDir, node, jobList,
    async close(closeOptions = {}) {
      if (options.started !== false) await service.stop();
      if (!closeOptions.keepPool) {
        await pool.end();
        await rm(resultDir, { recursive: true, force: true });
      }
    },
  };
}

/** The job id at the end of a job URL. */
export const jobIdOf = (location: string): string => location.split('/').pop() ?? '';

const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' };

/** Text of one element of a UWS document (first occurrence), entities decoded. */
export function element(xml: string, name: string): string | undefined {
  return new RegExp(`<uws:${name}(?:\\s[^>]*)?>([^<]*)</uws:${name}>`).exec(xml)?.[1]
    ?.replace(/&(lt|gt|quot|apos|amp);/g, (entity) => entities[entity] ?? entity);
}
