// The destruction sweeper (UWS 1.1 §2.1.8): at a fixed interval, deletes every job whose
// destruction time has passed, together with its directory of results.
import type { JobStore } from './store.ts';
import type { PhaseEvents } from './events.ts';
import { removeJobDirectory } from './files.ts';
import type { Logger } from '../log.ts';

export class DestructionSweeper {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<string[]> | undefined;

  constructor(private readonly store: JobStore, private readonly events: PhaseEvents,
    private readonly resultDir: string, private readonly intervalMs: number,
    private readonly log: Logger | undefined) {}

  start(): void {
    this.timer = setInterval(() => { void this.sweep(); }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Destroys the expired jobs now; returns their ids. */
  sweep(now: Date = new Date()): Promise<string[]> {
    this.sweeping ??= this.destroyExpired(now).finally(() => { this.sweeping = undefined; });
    return this.sweeping;
  }

  private async destroyExpired(now: Date): Promise<string[]> {
    try {
      const ids = await this.store.deleteExpired(now);
      for (const jobId of ids) {
        this.events.publish({ jobId, phase: 'DELETED' });
        await removeJobDirectory(this.resultDir, jobId);
      }
      if (ids.length > 0) this.log?.info('UWS jobs destroyed', { count: ids.length });
      return ids;
    } catch (error) {
      this.log?.error('UWS destruction sweep failed', { error: String(error) });
      return [];
    }
  }
}
