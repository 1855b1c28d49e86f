// GET /viewer: the sky viewer page (Aladin Lite v3 over our HiPS, catalog from TAP, SIA image
// footprints, SODA cutout links) and its static assets, all from this origin so it works offline.
// Aladin Lite (npm aladin-lite, GPL-3/LGPL-3 texts) is served unmodified as a separate program.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import Router from '@koa/router';
import { sendFile } from '../../hips/static-file.ts';

export interface ViewerOptions {
  /** HiPS id shown first (default: the first in the HiPS list). */
  defaultHips?: string;
  /** Service endpoints the page calls; absent ones are reported on the page, not retried. */
  tapSync?: string;
  siaQuery?: string;
  sodaSync?: string;
  /** Table queried for the overlay (with object_id, ra, dec, i_cmodel_mag). */
  catalogTable?: string;
  maxrec?: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
// The package's ES module build (its "require" export names a file the package does not ship),
// found through its package.json in the node_modules lookup path: import.meta.resolve is not
// available in every loader (vitest), and the package does not export its package.json.
const aladinDir = (createRequire(import.meta.url).resolve.paths('aladin-lite') ?? [])
  .map((dir) => path.join(dir, 'aladin-lite')).find((dir) => fs.existsSync(path.join(dir, 'package.json')));
if (aladinDir === undefined) throw new Error('the aladin-lite package is not installed (npm ci)');
const aladinJs = path.join(aladinDir, (JSON.parse(fs.readFileSync(path.join(aladinDir, 'package.json'), 'utf8')) as { module: string }).module);

/** Static assets: name → file and content type. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'aladin.js': { file: aladinJs, type: 'text/javascript; charset=utf-8' },
  'viewer.js': { file: path.join(here, 'assets', 'viewer.js'), type: 'text/javascript; charset=utf-8' },
  'viewer.css': { file: path.join(here, 'assets', 'viewer.css'), type: 'text/css; charset=utf-8' },
};

/** What Aladin Lite needs and no more: its WASM, blob workers, inline styles, data: images. */
export const VIEWER_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' data: blob:; " +
  "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; font-src 'self' data:";

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderViewerPage(o: ViewerOptions): string {
  const data: Record<string, string> = {
    'default-hips': o.defaultHips ?? '',
    tap: o.tapSync ?? '/tap/sync',
    sia: o.siaQuery ?? '/sia/query',
    soda: o.sodaSync ?? '/soda/sync',
    table: o.catalogTable ?? 'pdr3_wide.forced',
    maxrec: String(o.maxrec ?? 2000),
  };
  const attrs = Object.entries(data).map(([k, v]) => `data-${k}="${esc(v)}"`).join(' ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>HSC sky viewer</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/viewer/viewer.css">
</head>
<body>
<div id="viewer" ${attrs}>
  <header><h1>HSC sky viewer</h1><label>HiPS <select id="hips-select"></select></label><a href="/">services</a></header>
  <div id="aladin"></div>
  <aside id="object">Click an object to see its catalog row.</aside>
  <div id="status">loading…</div>
</div>
<script type="module" src="/viewer/viewer.js"></script>
</body>
</html>
`;
}

export function viewerRouter(opts: ViewerOptions = {}): Router {
  const router = new Router();
  const page = renderViewerPage(opts);
  router.get('/viewer', (ctx) => {
    ctx.set('Content-Security-Policy', VIEWER_CSP);
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = page;
  });
  router.get('/viewer/:asset', async (ctx) => {
    const asset = ASSETS[ctx.params.asset ?? ''];
    if (!asset) {
      ctx.status = 404;
      return;
    }
    sendFile(ctx, asset.file, await fs.promises.stat(asset.file), asset.type, 3600);
  });
  return router;
}
