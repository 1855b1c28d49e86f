// GET /tap: a human-readable page for the TAP service (TAP 1.1 §2: should be HTML), pointing
// to the standard endpoints and listing the tables.
import type { TapMetadata } from '../metadata/catalog.ts';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderTapHome(metadata: TapMetadata): string {
  const rows = metadata.tables().map((t) =>
    `<tr><td><a href="tap/tables/${esc(t.qualifiedName)}">${esc(t.qualifiedName)}</a></td><td>${esc(t.description)}</td></tr>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>HSC TAP service</title>
<base href="../"><style>body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem}
td{border-bottom:1px solid #ddd;padding:.3rem .5rem;vertical-align:top}</style></head><body>
<h1>Table Access Protocol (TAP 1.1) service</h1>
<p>Point TOPCAT, pyvo or any TAP client at this URL. Queries are written in ADQL 2.1; the data are synthetic
HSC-SSP PDR3-like tables.</p>
<ul>
<li><a href="tap/sync?LANG=ADQL&amp;QUERY=SELECT%20TOP%2010%20*%20FROM%20TAP_SCHEMA.tables">sync</a> (GET or POST: LANG, QUERY, MAXREC, RESPONSEFORMAT, UPLOAD)</li>
<li><a href="tap/async">async</a> (UWS 1.1 job list)</li>
<li>tap/check (GET or POST: LANG, QUERY): checks an ADQL query without running it; JSON with every
mistake's line, column and suggestions, or the translated SQL and the result columns</li>
<li>tap/estimate (GET or POST: LANG, QUERY, MAXREC): expected rows and run time from the query plan,
with the cone-search row count corrected for pg_sphere's fixed selectivity; JSON</li>
<li><a href="tap/capabilities">capabilities</a>, <a href="tap/availability">availability</a>,
<a href="tap/tables">tables</a>, <a href="tap/examples">examples</a></li>
</ul>
<h2>Tables</h2><table>${rows}</table></body></html>
`;
}
