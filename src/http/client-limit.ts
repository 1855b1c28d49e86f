// Per-client concurrency limit: at most N requests of one kind running at once per client
// address; beyond that an "overloaded" error (503) tells the client to retry later.
import type Koa from 'koa';
import { ServiceError } from './errors.ts';

export class ClientLimiter {
  private readonly running = new Map<string, number>();
  constructor(private readonly perClient: number, private readonly what: string) {}

  /** Takes a slot for the request's client; the returned function gives it back. */
  acquire(ctx: Koa.Context): () => void {
    const key = ctx.ip || 'unknown';
    const n = this.running.get(key) ?? 0;
    if (n >= this.perClient) {
      ctx.set('Retry-After', '5');
      throw new ServiceError('overloaded',
        `too many ${this.what} running at once from ${key} (limit ${this.perClient}); retry later or use the async endpoint`);
    }
    this.running.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(key) ?? 1) - 1;
      if (left <= 0) this.running.delete(key);
      else this.running.set(key, left);
    };
  }
}
