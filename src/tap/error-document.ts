// TAP errors before any output, in the protocol's own form (DALI 1.1 §4.2, TAP 1.1 §3.3): a
// VOTable with INFO QUERY_STATUS=ERROR and the right HTTP status.
import type Koa from 'koa';
import { votableError } from '../formats/index.ts';
import { asServiceError } from '../http/errors.ts';
import type { Logger } from '../log.ts';

export function sendVotableError(ctx: Koa.Context, err: unknown, log: Logger, query?: string): void {
  const se = asServiceError(err);
  if (se.status >= 500 && se.kind === 'fatal') log.error('TAP request failed', { error: (err as Error).stack ?? String(err) });
  ctx.status = se.status;
  ctx.type = 'application/x-votable+xml';
  ctx.body = votableError(se.message, query === undefined ? {} : { query });
}

/** Middleware: any error thrown below becomes a VOTable error document (unless output has started). */
export function votableErrors(log: Logger): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (ctx.headerSent) throw err;
      sendVotableError(ctx, err, log);
    }
  };
}
