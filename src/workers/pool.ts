// A small pool of worker threads running one TypeScript task module over a list of tasks,
// all cores by default, results delivered as they finish. Used by generation and HiPS tiling.
import os from 'node:os';
import { Worker } from 'node:worker_threads';

export interface PoolOptions<R> {
  /** Number of worker threads (default: number of cores). */
  concurrency?: number;
  onResult?: (result: R, index: number) => void;
}

type WorkerMessage<R> = { ready: true } | { id: number; ok: true; result: R } | { id: number; ok: false; error: string };

const bootstrap = new URL('./bootstrap.mjs', import.meta.url);

/**
 * Runs `module`'s default export (async (task: T) => R) for every task on worker threads.
 * Rejects on the first failed task after stopping the workers.
 */
export async function runPool<T, R>(module: URL, tasks: readonly T[], opts: PoolOptions<R> = {}): Promise<R[]> {
  const results: R[] = new Array(tasks.length);
  if (tasks.length === 0) return results;
  const n = Math.max(1, Math.min(opts.concurrency ?? os.availableParallelism(), tasks.length));
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      let failed = false;
      const feed = (w: Worker): void => {
        if (failed) return;
        if (next >= tasks.length) return;
        const id = next++;
        w.postMessage({ id, task: tasks[id] });
      };
      for (let i = 0; i < n; i++) {
        const w = new Worker(bootstrap, { workerData: { module: module.href } });
        workers.push(w);
        w.on('message', (msg: WorkerMessage<R>) => {
          if ('ready' in msg) return feed(w);
          if (!msg.ok) {
            failed = true;
            return reject(new Error(`task ${msg.id} failed in a worker:\n${msg.error}`));
          }
          results[msg.id] = msg.result;
          opts.onResult?.(msg.result, msg.id);
          finished++;
          if (finished === tasks.length) return resolve();
          feed(w);
        });
        w.on('error', (err) => { failed = true; reject(err); });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
