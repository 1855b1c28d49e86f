// Request logging and the last-resort error handler: one structured line per request; errors
// that no protocol middleware rendered become a plain-text response with the right status.
import type Koa from 'koa';
import type { Logger } from '../log.ts';
import { asServiceError } from './errors.ts';

export function requestLog(log: Logger): Koa.Middleware {
  return async (ctx, next) => {
    const t0 = process.hrtime.bigint();
    try {
      await next();
    } catch (err) {
      const se = asServiceError(err);
      if (se.status >= 500) log.error('request failed', { path: ctx.path, error: (err as Error).stack ?? String(err) });
      ctx.status = se.status;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `${se.message}\n`;
    } finally {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      log.info('request', { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 });
    }
  };
}
