// What the image services need from the application, and the shared request plumbing: DALI
// parameters from the query string and form bodies (DALI 1.1 §2.2 GET and POST), absolute URLs.
import os from 'node:os';
import path from 'node:path';
import type Router from '@koa/router';
import type Koa from 'koa';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { baseUrl } from '../http/base-url.ts';
import type { Logger } from '../log.ts';
import { loadTapMetadata } from '../metadata/load.ts';
import type { TapMetadata } from '../metadata/catalog.ts';
import { queryValues, readFormBody } from '../http/request-body.ts';
import { databaseAvailability } from '../vosi/availability.ts';
import { vosiRouter } from '../vosi/router.ts';
import { DaliParams } from './params.ts';

export interface ImageServiceDeps {
  config: Config;
  db: Database;
  log: Logger;
  /** Root of the image files (mosaic.file_path is relative to it); config.dataDir by default. */
  dataDir?: string;
  /** Published metadata (for the ObsCore FIELDs); loaded from vo-resources when omitted. */
  metadata?: TapMetadata;
}

export const dataDirOf = (deps: ImageServiceDeps): string => deps.dataDir ?? deps.config.dataDir;

let loaded: TapMetadata | undefined;
export function metadataOf(deps: ImageServiceDeps): TapMetadata {
  if (deps.metadata) return deps.metadata;
  loaded ??= loadTapMetadata();
  return loaded;
}

/** The request's parameters, from the query string and a form body (no file parts). */
export async function requestParams(ctx: Koa.Context): Promise<DaliParams> {
  const form = await readFormBody(ctx.req, path.join(os.tmpdir(), 'hsc-vo-images-unused'), {
    maxFileBytes: 0, maxFiles: 0, maxFieldBytes: 1024 * 1024, maxFields: 1000,
  });
  return new DaliParams([...queryValues(ctx.querystring), ...form.values]);
}

export const serverBase = (ctx: Koa.Context, deps: ImageServiceDeps): string => baseUrl(ctx, deps.config.publicUrl);

/** DALI-sync endpoints answer GET and POST alike (DALI 1.1 §2.2). */
export function getAndPost(router: Router, route: string, handler: (ctx: Koa.Context) => Promise<void>): void {
  router.get(route, handler);
  router.post(route, handler);
}

/** VOSI capabilities and availability of one image service (its std capability plus the VOSI ones). */
export function imageServiceVosi(deps: ImageServiceDeps, prefix: string,
  capability: { standardID: string; path: string; version: string; description: string }): Router {
  const upSince = new Date();
  return vosiRouter({
    prefix,
    ...(deps.config.publicUrl ? { publicUrl: deps.config.publicUrl } : {}),
    serviceCapabilities: (url) => [{
      kind: 'paramHttp', standardID: capability.standardID, url: `${url}${capability.path}`, use: 'full', role: 'std',
      version: capability.version, description: capability.description,
    }],
    availability: () => databaseAvailability(deps.db.reader, upSince),
  });
}

/** A finished document as the 200 answer. */
export function sendDocument(ctx: Koa.Context, contentType: string, body: Buffer): void {
  ctx.status = 200;
  ctx.type = contentType;
  ctx.body = body;
}
