// GET /: the landing page, listing the mounted services and the data this server holds.
import Router from '@koa/router';
import type pg from 'pg';
import type { ServiceCatalogue } from '../http/services.ts';

interface TableSummary {
  schema: string;
  name: string;
  rows: number;
  description: string | null;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function publishedTables(pool: pg.Pool): Promise<TableSummary[]> {
  const r = await pool.query<{ schema: string; name: string; rows: string; description: string | null }>(`
    SELECT n.nspname AS schema, c.relname AS name, greatest(c.reltuples, 0)::bigint::text AS rows,
           obj_description(c.oid, 'pg_class') AS description
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname IN ('pdr3_wide', 'pdr3_dud', 'ivoa') AND c.relkind IN ('r', 'p')
     ORDER BY 1, 2`);
  return r.rows.map((x) => ({ ...x, rows: Number(x.rows) }));
}

export function renderLanding(services: ServiceCatalogue, tables: readonly TableSummary[]): string {
  const svc = services.list().map((s) =>
    `<tr><td><a href="${esc(s.path)}">${esc(s.path)}</a></td><td>${esc(s.name)}</td><td>${esc(s.standard ?? '')}</td><td>${esc(s.description)}</td></tr>`).join('\n');
  const tab = tables.map((t) =>
    `<tr><td>${esc(t.schema)}.${esc(t.name)}</td><td class="n">${t.rows.toLocaleString('en')}</td><td>${esc(t.description ?? '')}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>HSC-SSP Virtual Observatory server</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%;margin-bottom:2rem}
td,th{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.note{background:#fff8c5;padding:.5rem 1rem;border-radius:4px}
</style></head><body>
<h1>Hyper Suprime-Cam survey archive: Virtual Observatory services</h1>
<p class="note">The data served here are <strong>synthetic</strong>: a deterministic generator imitates the
HSC-SSP PDR3 archive (tables, column names, images, CCD frames and their QA values). They are not real observations.</p>
<h2>Services</h2>
<table><thead><tr><th>URL</th><th>Service</th><th>Standard</th><th>What it does</th></tr></thead><tbody>
${svc}
</tbody></table>
<h2>Data</h2>
<table><thead><tr><th>Table</th><th>Rows (estimate)</th><th>Description</th></tr></thead><tbody>
${tab || '<tr><td colspan="3">No data loaded yet: run <code>hsc-vo generate</code> and <code>hsc-vo ingest</code>.</td></tr>'}
</tbody></table>
</body></html>
`;
}

export function landingRouter(pool: pg.Pool, services: ServiceCatalogue): Router {
  const router = new Router();
  router.get('/', async (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderLanding(services, await publishedTables(pool));
  });
  return router;
}
