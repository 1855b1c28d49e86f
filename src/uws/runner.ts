// A bounded pool of runners over the queue in uws.jobs: at most `concurrency` jobs of one list
// execute at once on this node; each is claimed with FOR UPDATE SKIP LOCKED, given an AbortSignal
// (PHASE=ABORT, deletion, destruction, shutdown, or EXECUTIONDURATION exceeded, UWS 1.1 §2.1.7)
// and its directory, and its results or failure are written back through the state machine.
import type { JobStore } from './store.ts';
import type { PhaseEvents, PhaseEvent } from './events.ts';
import { JobFailure, type ErrorSummary, type Job, type JobKind, type JobResult } from './job.ts';
import { createJobDirectory, describeResults, removeJobDirectory } from './files.ts';
import type { Logger } from '../log.ts';

export interface RunnerPoolOptions {
  store: JobStore;
  events: PhaseEvents;
  kind: JobKind;
  jobList: string;
  resultDir: string;
  /** How many jobs this node executes at once. */
  concurrency: number;
  /** This node's name, recorded on the jobs it claims (restart recovery). */
  node: string;
  /** Safety-net poll of the queue, in case a notification was missed. */
  pollIntervalMs: number;
  log: Logger | undefined;
}

/** Why a running job's signal was aborted. */
export type StopReason =
  | { kind: 'client-abort' }
  | { kind: 'deleted' }
  | { kind: 'timeout'; seconds: number }
  | { kind: 'shutdown' };

export const shutdownMessage = 'The server shut down while this job was executing; please submit it again.';

export class RunnerPool {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private wakeRequested = false;
  private claiming = false;
  private claimLoop: Promise<void> | undefined;
  private stopped = true;
  private poll: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: RunnerPoolOptions) {}

  get activeCount(): number {
    return this.running.size;
  }

  start(): void {
    this.stopped = false;
    this.unsubscribe = this.options.events.onAny((event) => this.onPhaseEvent(event));
    this.poll = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.poll.unref();
    this.wake();
  }

  /** Stops claiming, aborts the running jobs (they become ERROR) and waits for them to settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    this.unsubscribe?.();
    for (const { controller } of this.running.values()) controller.abort({ kind: 'shutdown' } satisfies StopReason);
    await this.claimLoop;
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Looks for queued work (after PHASE=RUN, a finished job, or a notification from another node). */
  wake(): void {
    if (this.stopped) return;
    this.wakeRequested = true;
    if (this.claiming) return;
    this.claiming = true;
    this.claimLoop = this.claim();
  }

  /**
   * Only ABORTED and DELETED stop a running job: notifications arrive late (the NOTIFY of its own
   * QUEUED may come after the job was claimed), so any other phase seen here may be an old echo.
   */
  private onPhaseEvent(event: PhaseEvent): void {
    if (event.phase === 'QUEUED') this.wake();
    const run = this.running.get(event.jobId);
    if (run && event.phase === 'ABORTED') run.controller.abort({ kind: 'client-abort' } satisfies StopReason);
    if (run && event.phase === 'DELETED') run.controller.abort({ kind: 'deleted' } satisfies StopReason);
  }

  private async claim(): Promise<void> {
    const { store, jobList, node, concurrency, log } = this.options;
    try {
      while (this.wakeRequested && !this.stopped) {
        this.wakeRequested = false;
        while (this.running.size < concurrency && !this.stopped) {
          const job = await store.claimNext(jobList, node);
          if (!job) break;
          this.options.events.publish({ jobId: job.jobId, phase: 'EXECUTING' });
          this.launch(job);
        }
      }
    } catch (error) {
      log?.error('UWS queue claim failed', { error: String(error) });
    } finally {
      // Cleared in the same synchronous step that saw no wake request, so no wake() is lost.
      this.claiming = false;
    }
  }

  private launch(job: Job): void {
    const controller = new AbortController();
    const seconds = job.executionDuration;
    const timer = seconds > 0
      ? setTimeout(() => controller.abort({ kind: 'timeout', seconds } satisfies StopReason), seconds * 1000)
      : undefined;
    const done = this.execute(job, controller.signal)
      .catch((error: unknown) => this.options.log?.error('UWS job bookkeeping failed', { jobId: job.jobId, error: String(error) }))
      .finally(() => {
        clearTimeout(timer);
        this.running.delete(job.jobId);
        this.wake();
      });
    this.running.set(job.jobId, { controller, done });
  }

  private async execute(job: Job, signal: AbortSignal): Promise<void> {
    const { store, events, kind, resultDir, log } = this.options;
    let outcome: { phase: 'COMPLETED'; results: JobResult[] } | { phase: 'ERROR'; summary: ErrorSummary } | undefined;
    try {
      const dir = await createJobDirectory(resultDir, job.jobId);
      const produced = await kind.execute(job, { signal, resultDir: dir, timeoutSeconds: job.executionDuration });
      const results = await describeResults(resultDir, job.jobId, produced);
      outcome = signal.aborted ? failureAfterStop(signal.reason) : { phase: 'COMPLETED', results };
    } catch (error) {
      outcome = signal.aborted ? failureAfterStop(signal.reason) : {
        phase: 'ERROR',
        summary: error instanceof JobFailure ? { type: error.type, message: error.message }
          : { type: 'fatal', message: error instanceof Error ? error.message : String(error) },
      };
      if (!(error instanceof JobFailure) && !signal.aborted) log?.warn('UWS job failed', { jobId: job.jobId, error: String(error) });
    }
    const changed = outcome === undefined ? undefined
      : outcome.phase === 'COMPLETED'
        ? await store.transition(job.jobId, { phase: 'COMPLETED', results: outcome.results })
        : await store.transition(job.jobId, { phase: 'ERROR', errorSummary: outcome.summary }, ['EXECUTING']);
    if (changed) {
      events.publish({ jobId: job.jobId, phase: changed.phase });
    } else if (!(await store.get(job.jobId))) {
      // Deleted (or destroyed) while executing: whatever the executor wrote must go too.
      await removeJobDirectory(resultDir, job.jobId);
    }
  }
}

/** The failure recorded when a job's signal was aborted; undefined when the phase was already set. */
function failureAfterStop(reason: unknown): { phase: 'ERROR'; summary: ErrorSummary } | undefined {
  const stop = reason as StopReason;
  switch (stop.kind) {
    case 'timeout':
      return { phase: 'ERROR', summary: { type: 'fatal', message: `The job exceeded its execution duration of ${stop.seconds} s and was stopped.` } };
    case 'shutdown':
      return { phase: 'ERROR', summary: { type: 'transient', message: shutdownMessage } };
    case 'client-abort':
    case 'deleted':
      return undefined;
    default: {
      const unreachable: never = stop;
      throw new Error(`Unknown stop reason ${JSON.stringify(unreachable)}`);
    }
  }
}
