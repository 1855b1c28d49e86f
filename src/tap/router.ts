// The TAP 1.1 service at /tap: sync, async (UWS), VOSI capabilities/availability/tables, examples
// and a human-readable root page. TAP_SCHEMA is rewritten from vo-resources at start.
import fs from 'node:fs';
import path from 'node:path';
import Router from '@koa/router';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { loadTapMetadata, voResourcesDir } from '../metadata/load.ts';
import type { TapMetadata } from '../metadata/catalog.ts';
import { writeTapSchema } from '../metadata/tap-schema.ts';
import { ANONYMOUS } from '../metadata/access.ts';
import { notFound } from '../http/errors.ts';
import { UwsService } from '../uws/service.ts';
import { uwsRouter } from '../uws/router.ts';
import { databaseAvailability } from '../vosi/availability.ts';
import { vosiRouter } from '../vosi/router.ts';
import { tapCapability } from '../vosi/tap-capability.ts';
import { tapJobKind } from './async.ts';
import { sendVotableError, votableErrors } from './error-document.ts';
import { callerOf, syncRouter } from './sync.ts';
import { checkRouter } from './check.ts';
import type { TapServices } from './query.ts';
import type { UploadSupport } from './uploads.ts';
import { renderTapHome } from './home.ts';
import { startUploadSweeper, uploadBodyLimits } from './upload-support.ts';

export const TAP_PREFIX = '/tap';

export interface TapService {
  router: Router;
  metadata: TapMetadata;
  uws: UwsService;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface TapDeps {
  config: Config;
  db: Database;
  log: Logger;
  uploads: UploadSupport;
}

export async function createTapService({ config, db, log, uploads }: TapDeps): Promise<TapService> {
  const metadata = loadTapMetadata();
  const client = await db.owner.connect();
  try {
    // TAP_SCHEMA is readable by everyone: it holds the public view only.
    await writeTapSchema(client, metadata.visibleTo(ANONYMOUS));
  } finally {
    client.release();
  }
  const services: TapServices = { db, metadata, limits: config.tap };
  const jobsDir = path.join(config.jobsDir, 'tap');
  const uws = new UwsService({
    pool: db.owner, kind: tapJobKind(services, uploads, log), jobList: config.tap.jobList, resultDir: jobsDir, node: config.nodeName,
    concurrency: config.tap.asyncConcurrency,
    executionDuration: { defaultSeconds: config.tap.executionDefaultSeconds, maxSeconds: config.tap.executionHardSeconds },
    destruction: { defaultSeconds: config.tap.retentionDefaultSeconds, maxSeconds: config.tap.retentionHardSeconds },
    log,
  });
  const upSince = new Date();
  const router = new Router();
  const tap = new Router({ prefix: TAP_PREFIX });
  tap.use(votableErrors(log));
  tap.get('/', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderTapHome(metadata.visibleTo(callerOf(ctx)));
  });
  const sync = syncRouter({ services, uploads, spoolDir: path.join(config.varDir, 'tmp', 'sync'), log });
  tap.use(sync.routes(), sync.allowedMethods());
  tap.use(checkRouter({ services, log }).routes());
  router.use(tap.routes(), tap.allowedMethods());
  const asyncJobs = uwsRouter({
    service: uws, prefix: `${TAP_PREFIX}/async`, publicUrl: config.publicUrl, bodyLimits: uploadBodyLimits(config.tap),
    renderError: (ctx, error) => sendVotableError(ctx, error, log),
  });
  router.use(asyncJobs.routes(), asyncJobs.allowedMethods());
  const examplesFile = path.join(voResourcesDir, 'tap', 'examples.xhtml');
  const vosi = vosiRouter({
    prefix: TAP_PREFIX,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    serviceCapabilities: (url) => [tapCapability(url, config.tap)],
    tables: (ctx) => metadata.visibleTo(callerOf(ctx)),
    availability: () => databaseAvailability(db.reader, upSince),
    ...(fs.existsSync(examplesFile) ? { examplesFile } : {}),
    renderNotFound: (ctx, message) => sendVotableError(ctx, notFound(message), log),
  });
  router.use(vosi.routes(), vosi.allowedMethods());
  // Keep last: any other path under /tap is a 404 in DALI's error form, not Koa's plain "Not
  // Found", which clients report as "E19: File does not appear to be a VOTABLE" (anchors §2 B10).
  // A path that a route knows under another method is first left to allowedMethods (405).
  const anyPath = /^\/tap(\/.*)?$/;
  router.all(anyPath, async (ctx, next) => {
    if ((ctx.matched ?? []).some((layer) => layer.path !== anyPath && layer.methods.length > 0)) await next();
    if (ctx.status !== 404 || ctx.body != null) return;
    sendVotableError(ctx, notFound(`${ctx.method} ${ctx.path} is not a resource of this TAP service (see ${TAP_PREFIX}/capabilities)`), log);
  });
  let stopSweeper: (() => void) | undefined;
  return {
    router, metadata, uws,
    async start() {
      stopSweeper = startUploadSweeper(db, config, log);
      await uws.start();
    },
    async stop() {
      stopSweeper?.();
      await uws.stop();
    },
  };
}
