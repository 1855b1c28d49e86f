// Serving HiPS (HiPS 1.0 §4, §5): /hips/{id}/properties, tiles, Allsky, Moc.fits, preview.jpg
// as static files with content types, ETag, Cache-Control and CORS; 404 for absent tiles; a whitelist
// of HiPS paths (no traversal); and /hips/hipslist in the HiPS list format (§4.4.3).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import Router from '@koa/router';
import type Koa from 'koa';
import { baseUrl } from '../http/base-url.ts';
import { sendFile } from './static-file.ts';
import { formatProperties, parseProperties, propertyValue } from './properties.ts';

export interface HipsRouterOptions {
  /** Directory holding one sub-directory per HiPS (the project's hips/). */
  hipsDir: string;
  /** PUBLIC_URL, when configured (absolute URLs in the HiPS list). */
  publicUrl?: string | undefined;
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** The files of a HiPS that may be served, and their content types. */
const FILES: readonly { re: RegExp; type: (name: string) => string; maxAge: number }[] = [
  { re: /^properties$/, type: () => 'text/plain; charset=utf-8', maxAge: 60 },
  { re: /^Moc\.fits$/, type: () => 'application/fits', maxAge: 60 },
  { re: /^Norder\d{1,2}\/Allsky\.(fits|png|jpg)$/, type: byExtension, maxAge: 300 },
  { re: /^Norder\d{1,2}\/Dir\d{1,12}\/Npix\d{1,15}\.(fits|png|jpg)$/, type: byExtension, maxAge: 3600 },
  { re: /^preview\.(jpg|png)$/, type: byExtension, maxAge: 300 },
];

function byExtension(name: string): string {
  if (name.endsWith('.png')) return 'image/png';
  if (name.endsWith('.jpg')) return 'image/jpeg';
  return 'application/fits';
}

/** Whether `rest` is a HiPS file path this server serves; undefined when not. */
export function servedFile(rest: string): { type: string; maxAge: number } | undefined {
  const f = FILES.find((x) => x.re.test(rest));
  return f ? { type: f.type(rest), maxAge: f.maxAge } : undefined;
}

/** Ids of the HiPS under `hipsDir` (directories with a properties file), sorted. */
export async function listHips(hipsDir: string): Promise<string[]> {
  const entries = await fsp.readdir(hipsDir, { withFileTypes: true }).catch(() => []);
  const ids: string[] = [];
  for (const e of entries) {
    if (e.isDirectory() && ID_RE.test(e.name) && fs.existsSync(path.join(hipsDir, e.name, 'properties'))) ids.push(e.name);
  }
  return ids.sort();
}

/** HiPS list: every properties file with its hips_service_url, records separated by a blank line. */
export async function renderHipsList(hipsDir: string, base: string): Promise<string> {
  const records: string[] = [];
  for (const id of await listHips(hipsDir)) {
    const props = parseProperties(await fsp.readFile(path.join(hipsDir, id, 'properties'), 'utf8'))
      .filter(([k]) => k !== 'hips_service_url');
    const url = `${base}/hips/${id}`;
    const did = propertyValue(props, 'creator_did');
    records.push(formatProperties([
      ...(did ? [] : [['creator_did', `ivo://hsc-vo/P/${id}`] as [string, string]]),
      ...props,
      ['hips_service_url', url],
    ]));
  }
  return records.join('\n');
}

function setCors(ctx: Koa.Context): void {
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('Access-Control-Expose-Headers', 'ETag, Content-Length');
}

export function hipsRouter(opts: HipsRouterOptions): Router {
  const router = new Router();
  const hipsDir = path.resolve(opts.hipsDir);

  router.get('/hips/hipslist', async (ctx) => {
    setCors(ctx);
    ctx.type = 'text/plain; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=60');
    ctx.body = await renderHipsList(hipsDir, baseUrl(ctx, opts.publicUrl));
  });

  router.get('/hips/:id/*rest', async (ctx) => {
    setCors(ctx);
    const id = ctx.params.id ?? '';
    const rest = ctx.path.slice(`/hips/${id}/`.length);
    const kind = servedFile(rest);
    if (!ID_RE.test(id) || !kind) {
      ctx.status = 404;
      ctx.type = 'text/plain';
      ctx.body = 'not a HiPS file\n';
      return;
    }
    const file = path.join(hipsDir, id, ...rest.split('/'));
    const stat = await fsp.stat(file).catch(() => null);
    if (!stat?.isFile()) {
      ctx.status = 404;
      ctx.type = 'text/plain';
      ctx.set('Cache-Control', `public, max-age=${kind.maxAge}`);
      ctx.body = 'no such tile\n';
      return;
    }
    sendFile(ctx, file, stat, kind.type, kind.maxAge);
  });

  return router;
}
