// The parameters of a TAP query (TAP 1.1 §2.7, DALI 1.1 §3): REQUEST, LANG, QUERY, MAXREC,
// RESPONSEFORMAT/FORMAT, UPLOAD, RUNID. Names are case-insensitive; unknown ones are ignored.
// Shared by sync requests and async jobs (checked when the job is run).
import type { TapLimits } from '../config.ts';
import { resolveFormat, UnsupportedFormatError, type ResolvedFormat } from '../formats/index.ts';
import { usageError } from '../http/errors.ts';

import type { NamedValue } from '../http/request-body.ts';

export type { NamedValue };

/** One UPLOAD pair: TAP_UPLOAD.<table> from an inline part (param:name) or a URL. */
export interface UploadReference {
  table: string;
  source: { kind: 'inline'; param: string } | { kind: 'url'; url: string };
}

export interface TapQueryRequest {
  lang: 'ADQL';
  query: string;
  /** Rows to return at most (MAXREC, capped by the hard limit). */
  maxrec: number;
  format: ResolvedFormat;
  uploads: UploadReference[];
  runId: string | undefined;
}

export const ACCEPTED_LANGS = ['ADQL', 'ADQL-2.0', 'ADQL-2.1'];
const UPLOAD_TABLE = /^[A-Za-z][A-Za-z0-9_]*$/;

function lastValue(params: readonly NamedValue[], name: string): string | undefined {
  let found: string | undefined;
  for (const p of params) if (p.name.toUpperCase() === name) found = p.value;
  return found;
}

/** UPLOAD=name,uri[;name,uri...]; several UPLOAD parameters accumulate (TAP 1.1 §2.7.6). */
export function parseUploads(params: readonly NamedValue[]): UploadReference[] {
  const out: UploadReference[] = [];
  for (const p of params) {
    if (p.name.toUpperCase() !== 'UPLOAD') continue;
    for (const pair of p.value.split(';').map((s) => s.trim()).filter((s) => s !== '')) {
      const comma = pair.indexOf(',');
      if (comma < 0) throw usageError(`UPLOAD "${pair}" must be "table,uri"`);
      const table = pair.slice(0, comma).trim();
      const uri = pair.slice(comma + 1).trim();
      if (!UPLOAD_TABLE.test(table)) throw usageError(`UPLOAD table name "${table}" is not an ADQL regular identifier`);
      if (out.some((u) => u.table.toLowerCase() === table.toLowerCase())) throw usageError(`UPLOAD table ${table} is given twice`);
      if (uri.startsWith('param:')) out.push({ table, source: { kind: 'inline', param: uri.slice('param:'.length) } });
      else if (/^https?:\/\//i.test(uri)) out.push({ table, source: { kind: 'url', url: uri } });
      else throw usageError(`UPLOAD URI "${uri}" must be param:<name> or an http(s) URL`);
    }
  }
  return out;
}

/** Reads and checks a TAP query's parameters; a problem is a usage error (HTTP 400, VOTable error). */
export function tapQueryRequest(params: readonly NamedValue[], limits: TapLimits): TapQueryRequest {
  const request = lastValue(params, 'REQUEST');
  if (request !== undefined && request.trim().toLowerCase() !== 'doquery') {
    throw usageError(`REQUEST=${request} is not supported; use REQUEST=doQuery (or omit it)`);
  }
  const lang = lastValue(params, 'LANG');
  if (lang === undefined || lang.trim() === '') throw usageError('LANG is missing: use LANG=ADQL');
  if (!ACCEPTED_LANGS.includes(lang.trim().toUpperCase())) {
    throw usageError(`unknown query language LANG=${lang}; this service accepts ${ACCEPTED_LANGS.join(', ')}`);
  }
  const query = lastValue(params, 'QUERY');
  if (query === undefined || query.trim() === '') throw usageError('QUERY is missing');
  const maxrecText = lastValue(params, 'MAXREC');
  let maxrec = limits.maxrecDefault;
  if (maxrecText !== undefined && maxrecText.trim() !== '') {
    const n = Number(maxrecText);
    if (!Number.isInteger(n) || n < 0) throw usageError(`MAXREC must be a non-negative integer, got "${maxrecText}"`);
    maxrec = n;
  }
  maxrec = Math.min(maxrec, limits.maxrecHard);
  const formatValue = lastValue(params, 'RESPONSEFORMAT') ?? lastValue(params, 'FORMAT');
  let format: ResolvedFormat;
  try {
    format = resolveFormat(formatValue);
  } catch (err) {
    if (err instanceof UnsupportedFormatError) throw usageError(err.message);
    throw err;
  }
  return { lang: 'ADQL', query, maxrec, format, uploads: parseUploads(params), runId: lastValue(params, 'RUNID') };
}
