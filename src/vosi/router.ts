// Koa router of the VOSI 1.1 endpoints of one service (capabilities, availability, tables and
// tables/{name}) plus its DALI examples document, mounted under the service's prefix (/tap, /sia).
// VOSI 1.1 §2: GET only (other methods get 405), capabilities and availability are anonymous.
import fs from 'node:fs';
import Router from '@koa/router';
import type Koa from 'koa';
import { baseUrl } from '../http/base-url.ts';
import type { TapMetadata } from '../metadata/catalog.ts';
import { availabilityXml, type Availability } from './availability.ts';
import { type Capability, capabilitiesXml, vosiCapabilities } from './capabilities.ts';
import { type TablesDetail, tableXml, tablesetXml } from './tables.ts';
import { XML_CONTENT_TYPE } from './xml.ts';

export interface VosiRouterOptions {
  /** Where the service is mounted, e.g. '/tap'. */
  prefix: string;
  /** PUBLIC_URL of the configuration, when set. */
  publicUrl?: string;
  /** The service's own capabilities (TAP, SIA...) given its absolute URL; VOSI ones are added. */
  serviceCapabilities(serviceUrl: string): readonly Capability[];
  /** The metadata the caller may see; services without tables leave it out (then /tables is 404). */
  tables?: (ctx: Koa.Context) => TapMetadata;
  availability(): Promise<Availability>;
  /** DALI examples document (XHTML+RDFa) served at {prefix}/examples. */
  examplesFile?: string;
  /** Renders a 404 (unknown table) in the service's own error form; text/plain by default. */
  renderNotFound?: (ctx: Koa.Context, message: string) => void;
}

function plainNotFound(ctx: Koa.Context, message: string): void {
  ctx.status = 404;
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = `${message}\n`;
}

function detailOf(ctx: Koa.Context): TablesDetail {
  const value = Object.entries(ctx.query).find(([k]) => k.toLowerCase() === 'detail')?.[1];
  return String(value ?? '').toLowerCase() === 'min' ? 'min' : 'max';
}

function sendXml(ctx: Koa.Context, xml: string, contentType = XML_CONTENT_TYPE): void {
  ctx.type = contentType;
  ctx.body = xml;
}

export function vosiRouter(opts: VosiRouterOptions): Router {
  const router = new Router({ prefix: opts.prefix });
  const examples = opts.examplesFile === undefined ? undefined : fs.readFileSync(opts.examplesFile, 'utf8');
  const serviceUrl = (ctx: Koa.Context): string => `${baseUrl(ctx, opts.publicUrl)}${opts.prefix}`;
  const paths = ['/capabilities', '/availability', ...(opts.tables ? ['/tables', '/tables/:name'] : []), ...(examples ? ['/examples'] : [])];

  router.get('/capabilities', (ctx) => {
    const url = serviceUrl(ctx);
    sendXml(ctx, capabilitiesXml([...opts.serviceCapabilities(url), ...vosiCapabilities(url, { tables: !!opts.tables, examples: !!examples })]));
  });

  router.get('/availability', async (ctx) => {
    sendXml(ctx, availabilityXml(await opts.availability()));
  });

  const tables = opts.tables;
  if (tables) {
    router.get('/tables', (ctx) => {
      sendXml(ctx, tablesetXml(tables(ctx), detailOf(ctx)));
    });
    router.get('/tables/:name', (ctx) => {
      const table = tables(ctx).table(ctx.params.name ?? '');
      if (!table) {
        (opts.renderNotFound ?? plainNotFound)(ctx, `no table ${ctx.params.name ?? ''} in this service (see ${serviceUrl(ctx)}/tables)`);
        return;
      }
      sendXml(ctx, tableXml(table));
    });
  }

  if (examples) {
    router.get('/examples', (ctx) => {
      ctx.type = 'application/xhtml+xml; charset=utf-8';
      ctx.body = examples;
    });
  }

  for (const path of paths) {
    router.all(path, (ctx, next) => {
      if (ctx.method === 'GET' || ctx.method === 'HEAD') return next();
      ctx.status = 405;
      ctx.set('Allow', 'GET, HEAD');
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `${ctx.method} is not allowed here: VOSI resources are read with GET\n`;
      return undefined;
    });
  }
  return router;
}
