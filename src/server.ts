// Assembles the Koa application from the service routers, and runs it (with a clean shutdown
// that closes connections and stops the private database cluster if this process started it).
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import Koa from 'koa';
import cors from '@koa/cors';
import { projectRoot, type Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { healthRouter } from './http/health.ts';
import { requestLog } from './http/request-log.ts';
import { ServiceCatalogue } from './http/services.ts';
import type { Logger } from './log.ts';
import { landingRouter } from './web/landing.ts';
import { createTapService } from './tap/router.ts';
import { uploadSupport } from './tap/upload-support.ts';
import { hipsRouter } from './hips/serve.ts';
import { viewerRouter } from './web/viewer/router.ts';
import { imageRouters } from './images/index.ts';

/** The HiPS the viewer opens on (built by the demo). */
const DEMO_COLOUR_HIPS = 'pdr3_wide_color_irg';

export const version: string = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

export interface AppDeps {
  config: Config;
  db: Database;
  log: Logger;
}

export interface App {
  koa: Koa;
  services: ServiceCatalogue;
  /** Starts background work (UWS runners, sweepers). */
  start(): Promise<void>;
  /** Stops background work; the database is closed by its owner. */
  stop(): Promise<void>;
}

/** Builds the application: every service router, in the order their paths need. */
export async function createApp({ config, db, log }: AppDeps): Promise<App> {
  const koa = new Koa();
  koa.proxy = true;
  // A client hanging up in the middle of a streamed result is ordinary, not a server error.
  koa.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNRESET' || err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.code === 'EPIPE') return;
    log.error('unhandled error in a request', { error: err.stack ?? String(err) });
  });
  const services = new ServiceCatalogue();
  koa.use(requestLog(log));
  koa.use(async (ctx, next) => {
    ctx.set('Server', `hsc-vo/${version}`);
    await next();
  });
  // VO clients in browsers (Aladin Lite, the portal on another origin) need CORS everywhere.
  koa.use(cors({ origin: '*', exposeHeaders: ['Content-Disposition', 'Location', 'ETag'] }));
  const tap = await createTapService({ config, db, log, uploads: uploadSupport(db, config) });
  services.add({ name: 'TAP', path: '/tap', standard: 'IVOA TAP 1.1', description: 'ADQL 2.1 queries on the catalog, frames and ObsCore tables: sync, async (UWS 1.1), uploads.' });
  services.add({ name: 'SIA', path: '/sia/query', standard: 'IVOA SIA 2.0', description: 'Find coadd images by position, band, time... (ObsCore records with DataLink URLs).' });
  services.add({ name: 'DataLink', path: '/datalink/links', standard: 'IVOA DataLink 1.1', description: 'Links of an image: the file, its mask and variance, a preview and the cutout service (?ID=...).' });
  services.add({ name: 'SODA cutouts', path: '/soda/sync', standard: 'IVOA SODA 1.0', description: 'Cutouts of the coadd images by CIRCLE, POLYGON, POS, BAND or PIXELS (?ID=...).' });
  services.add({ name: 'HSC cutout service', path: '/das_cutout/pdr3/cgi-bin/cutout', description: 'The HSC archive\'s own cutout parameters (ra, dec, sw, sh, filter, rerun, tract...), for existing scripts.' });
  services.add({ name: 'HiPS list', path: '/hips/hipslist', standard: 'IVOA HiPS 1.0', description: 'The HiPS of the survey images (band and colour), for Aladin Desktop and Aladin Lite.' });
  services.add({ name: 'Sky viewer', path: '/viewer', description: 'Aladin Lite on our HiPS, with the catalog from TAP and image footprints from SIA; works offline.' });
  services.add({ name: 'Health', path: '/health', description: 'Liveness and database status (JSON).' });
  const routers = [
    healthRouter(db.owner, version), tap.router,
    ...imageRouters({ config, db, log, metadata: tap.metadata }),
    hipsRouter({ hipsDir: config.hipsDir, publicUrl: config.publicUrl }),
    viewerRouter({ defaultHips: DEMO_COLOUR_HIPS, tapSync: '/tap/sync', siaQuery: '/sia/query', sodaSync: '/soda/sync', catalogTable: 'pdr3_wide.forced' }),
    landingRouter(db.owner, services),
  ];
  for (const r of routers) koa.use(r.routes()).use(r.allowedMethods());
  return { koa, services, start: () => tap.start(), stop: () => tap.stop() };
}

export interface RunningServer {
  url: string;
  app: App;
  close(): Promise<void>;
}

/** Opens the database, starts listening, and wires SIGINT/SIGTERM to a clean shutdown. */
export async function startServer(config: Config, log: Logger, opts: { db?: Database } = {}): Promise<RunningServer> {
  const db = opts.db ?? await openDatabase(config, log);
  const app = await createApp({ config, db, log });
  await app.start();
  const server: Server = await new Promise((resolve) => {
    const s = app.koa.listen(config.port, config.host, () => resolve(s));
  });
  const url = config.publicUrl ?? `http://localhost:${config.port}`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      log.info('shutting down');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Streams still running after a grace period are cut; their jobs are not lost (async
      // results go to files, and an interrupted sync query is simply rolled back).
      const grace = setTimeout(() => server.closeAllConnections(), 5000);
      await closed;
      clearTimeout(grace);
      await app.stop();
      await db.close();
    })();
    return closing;
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => { void close().then(() => process.exit(0), (err) => { log.error('shutdown failed', { error: String(err) }); process.exit(1); }); });
  }
  return { url, app, close };
}
