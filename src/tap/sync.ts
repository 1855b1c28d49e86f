// TAP 1.1 §2.1 /sync: GET or POST (form or multipart), the query runs at once and the result
// streams back through the writer with backpressure. Errors before the first row get a
// VOTable error document and an HTTP error status; a client that disconnects cancels the query.
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import type Koa from 'koa';
import { ClientLimiter } from '../http/client-limit.ts';
import type { Logger } from '../log.ts';
import { ANONYMOUS, type Caller } from '../metadata/access.ts';
import { queryValues, readFormBody } from '../http/request-body.ts';
import { uploadBodyLimits } from './upload-support.ts';
import { sendVotableError } from './error-document.ts';
import { tapQueryRequest } from './parameters.ts';
import { compileQuery, runQuery, type TapServices } from './query.ts';
import { withUploads, type UploadSupport } from './uploads.ts';

export interface SyncOptions {
  services: TapServices;
  uploads: UploadSupport;
  /** Where multipart files of sync requests are spooled while the request runs. */
  spoolDir: string;
  log: Logger;
}

export function callerOf(ctx: Koa.Context): Caller {
  return (ctx.state as { caller?: Caller }).caller ?? ANONYMOUS;
}

export function syncRouter(opts: SyncOptions): Router {
  const router = new Router();
  const limiter = new ClientLimiter(opts.services.limits.syncPerClient, 'synchronous queries');
  const handle = async (ctx: Koa.Context): Promise<void> => {
    const release = limiter.acquire(ctx);
    const fileDir = path.join(opts.spoolDir, randomUUID());
    const abort = new AbortController();
    // The response's 'close' before it finished writing means the client went away.
    ctx.res.once('close', () => { if (!ctx.res.writableFinished) abort.abort(); });
    let query: string | undefined;
    let finished = false;
    const cleanup = (): void => {
      if (finished) return;
      finished = true;
      release();
      fs.rmSync(fileDir, { recursive: true, force: true });
    };
    try {
      const form = await readFormBody(ctx.req, fileDir, uploadBodyLimits(opts.services.limits));
      const values = [...queryValues(ctx.querystring), ...form.values];
      const request = tapQueryRequest(values, opts.services.limits);
      query = request.query;
      const body = new PassThrough();
      let markStarted!: () => void;
      const started = new Promise<void>((resolve) => { markStarted = resolve; });
      const done = withUploads(opts.uploads, request.uploads, form.files, abort.signal, async (uploaded) => {
        const compiled = compileQuery(opts.services, request, callerOf(ctx), uploaded);
        return runQuery(opts.services, request, compiled, body, {
          timeoutSeconds: opts.services.limits.syncTimeoutSeconds,
          signal: abort.signal,
          onStart: () => {
            ctx.status = 200;
            ctx.type = request.format.contentType;
            ctx.set('Content-Disposition', `inline; filename="result.${request.format.format.fileExtension}"`);
            ctx.body = body;
            markStarted();
          },
        });
      });
      // Return as soon as output can start (Koa then pipes the body); a failure before that
      // rejects here and becomes an error document. The rest of the result streams on.
      await Promise.race([started, done]);
      done.then((outcome) => {
        if (outcome.status === 'ERROR') {
          opts.log.warn('sync query failed mid-stream', { error: outcome.errorMessage });
          if (!request.format.format.reportsErrorsInline) {
            body.destroy(new Error(outcome.errorMessage ?? 'query failed'));
            return;
          }
        }
        body.end();
      }, (err: unknown) => {
        opts.log.warn('sync query stream ended with an error', { error: String(err) });
        body.destroy(err as Error);
      }).finally(cleanup);
    } catch (err) {
      cleanup();
      sendVotableError(ctx, err, opts.log, query);
    }
  };
  router.get('/sync', handle);
  router.post('/sync', handle);
  return router;
}
