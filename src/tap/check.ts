// The HSC archive's catalog-job conveniences on the TAP service, for the portal's editor and for
// scripts: /tap/check (does this ADQL compile? where is the mistake? the SQL it becomes) and
// /tap/estimate (rows, cost and run time before running it). GET or POST, with the parameters of
// /tap/sync (TAP 1.1 §2.7: LANG, QUERY, MAXREC...; UPLOAD is not taken). Answers are JSON.
import os from 'node:os';
import path from 'node:path';
import Router from '@koa/router';
import type Koa from 'koa';
import type { AdqlError } from '../adql/index.ts';
import { asServiceError, usageError } from '../http/errors.ts';
import type { Logger } from '../log.ts';
import { defaultBodyLimits, queryValues, readFormBody } from '../http/request-body.ts';
import { estimateQuery } from './estimate.ts';
import { tapQueryRequest, type TapQueryRequest } from './parameters.ts';
import { AdqlQueryError, compileQuery, type CompiledQuery, type TapServices } from './query.ts';
import { callerOf } from './sync.ts';

export interface CheckOptions {
  services: TapServices;
  log: Logger;
}

/** One problem of a query, with where it is: 1-based line and column, 0-based offset. */
export interface QueryProblem {
  /** The ADQL engine's kinds; database: PostgreSQL refused it; request: the request itself is unusable. */
  kind: AdqlError['kind'] | 'database' | 'request';
  message: string;
  line: number | null;
  column: number | null;
  offset: number | null;
  expected: readonly string[];
  suggestions: readonly string[];
}

export interface ResultColumn {
  name: string;
  datatype: string;
  arraysize?: string;
  xtype?: string;
  unit?: string;
  ucd?: string;
}

export type CheckAnswer =
  | { ok: true; sql: string; columns: ResultColumn[] }
  | { ok: false; errors: QueryProblem[] };

const problemOf = (e: AdqlError): QueryProblem => ({
  kind: e.kind, message: e.message, line: e.line, column: e.column, offset: e.offset, expected: e.expected, suggestions: e.suggestions,
});

/** A problem without a place in the query: found by PostgreSQL in the SQL, or in the request. */
const positionless = (kind: 'database' | 'request', message: string): QueryProblem => ({
  kind, message, line: null, column: null, offset: null, expected: [], suggestions: [],
});

// No file parts: there is nothing to upload to a check.
const bodyLimits = { ...defaultBodyLimits, maxFiles: 0, maxFileBytes: 0 };
const spoolDir = path.join(os.tmpdir(), 'hsc-vo-check');

async function requestOf(ctx: Koa.Context, services: TapServices): Promise<TapQueryRequest> {
  const form = await readFormBody(ctx.req, spoolDir, bodyLimits);
  const request = tapQueryRequest([...queryValues(ctx.querystring), ...form.values], services.limits);
  if (request.uploads.length > 0) throw usageError('check and estimate do not take UPLOAD; check the query without it');
  return request;
}

function sendJson(ctx: Koa.Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = body;
}

type Compiled = { ok: true; compiled: CompiledQuery } | { ok: false; errors: QueryProblem[] };

function compiledOf(services: TapServices, request: TapQueryRequest, ctx: Koa.Context): Compiled {
  try {
    return { ok: true, compiled: compileQuery(services, request, callerOf(ctx)) };
  } catch (err) {
    if (err instanceof AdqlQueryError) return { ok: false, errors: err.problems.map(problemOf) };
    throw err;
  }
}

export function checkRouter({ services, log }: CheckOptions): Router {
  const router = new Router();
  // The check itself answers 200 whether or not the query compiles; 4xx only when the request is unusable.
  const answering = (work: (ctx: Koa.Context, request: TapQueryRequest, compiled: CompiledQuery) => Promise<unknown> | unknown) =>
    async (ctx: Koa.Context): Promise<void> => {
      try {
        const request = await requestOf(ctx, services);
        const compiled = compiledOf(services, request, ctx);
        if (!compiled.ok) {
          sendJson(ctx, 200, { ok: false, errors: compiled.errors });
          return;
        }
        sendJson(ctx, 200, await work(ctx, request, compiled.compiled));
      } catch (err) {
        const se = asServiceError(err);
        if (se.kind === 'fatal') log.error('check/estimate failed', { error: (err as Error).stack ?? String(err) });
        sendJson(ctx, se.status, { ok: false, errors: [positionless('request', se.message)] });
      }
    };
  const check = answering((_ctx, _request, compiled): CheckAnswer => ({
    ok: true,
    sql: compiled.sql,
    columns: compiled.fields.map((f) => ({
      name: f.name, datatype: f.datatype,
      ...(f.arraysize === undefined ? {} : { arraysize: f.arraysize }),
      ...(f.xtype === undefined ? {} : { xtype: f.xtype }),
      ...(f.unit === undefined ? {} : { unit: f.unit }),
      ...(f.ucd === undefined ? {} : { ucd: f.ucd }),
    })),
  }));
  const estimate = answering(async (_ctx, request, compiled) => {
    try {
      return { ok: true, ...await estimateQuery(services, compiled, request.maxrec) };
    } catch (err) {
      // PostgreSQL refused to plan it (a type it checks that ADQL does not, a timeout): say so, with its words.
      const e = err as { code?: unknown; message?: string };
      if (typeof e.code === 'string') return { ok: false, errors: [positionless('database', `the database refused the query: ${e.message ?? ''}`)] };
      throw err;
    }
  });
  router.get('/check', check);
  router.post('/check', check);
  router.get('/estimate', estimate);
  router.post('/estimate', estimate);
  return router;
}
