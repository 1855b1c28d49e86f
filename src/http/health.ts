// GET /health: liveness and database reachability, for load balancers and operators (JSON).
import Router from '@koa/router';
import type pg from 'pg';

export function healthRouter(pool: pg.Pool, version: string): Router {
  const router = new Router();
  router.get('/health', async (ctx) => {
    const t0 = Date.now();
    let database: 'ok' | 'unreachable' = 'ok';
    try {
      await pool.query('SELECT 1');
    } catch {
      database = 'unreachable';
    }
    ctx.status = database === 'ok' ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: database === 'ok' ? 'ok' : 'degraded', database, version, checkMs: Date.now() - t0 };
  });
  return router;
}
