// Phase-change events of jobs: an in-process emitter fed both by this process's own changes and
// by PostgreSQL LISTEN on channel uws_phase (the trigger of sql/040_uws.sql), so a blocking WAIT
// or a runner pool on any node hears about changes made by any other node.
import { EventEmitter } from 'node:events';
import type { Pool, PoolClient, Notification } from 'pg';
import { parsePhase, type Phase } from './phase.ts';
import type { Logger } from '../log.ts';

export interface PhaseEvent {
  jobId: string;
  /** The job's new phase, or DELETED when the job was removed. */
  phase: Phase | 'DELETED';
}

export const phaseChannel = 'uws_phase';
const anyJob = Symbol('any job');

export function parsePhaseEvent(payload: string): PhaseEvent | undefined {
  const [jobId, phaseText] = payload.split(' ');
  if (!jobId || !phaseText) return undefined;
  const phase = phaseText === 'DELETED' ? 'DELETED' : parsePhase(phaseText);
  return phase && { jobId, phase };
}

export class PhaseEvents {
  private readonly emitter = new EventEmitter();
  private listener: PoolClient | undefined;
  private stopped = true;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly pool: Pool, private readonly log: Logger | undefined = undefined) {
    this.emitter.setMaxListeners(0);
  }

  /** Starts listening for changes made by other nodes (holds one connection of the pool). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.listener;
    this.listener = undefined;
    if (client) {
      client.removeAllListeners('notification');
      try {
        await client.query(`UNLISTEN ${phaseChannel}`);
        client.release();
      } catch (error) {
        client.release(error instanceof Error ? error : true);
      }
    }
  }

  /** Announces a change made by this process at once (the NOTIFY echo arrives a little later). */
  publish(event: PhaseEvent): void {
    this.emitter.emit(event.jobId, event);
    this.emitter.emit(anyJob, event);
  }

  onJob(jobId: string, listener: (event: PhaseEvent) => void): () => void {
    this.emitter.on(jobId, listener);
    return () => this.emitter.off(jobId, listener);
  }

  onAny(listener: (event: PhaseEvent) => void): () => void {
    this.emitter.on(anyJob, listener);
    return () => this.emitter.off(anyJob, listener);
  }

  private async connect(): Promise<void> {
    const client = await this.pool.connect();
    client.on('notification', (message: Notification) => {
      const event = message.channel === phaseChannel && message.payload ? parsePhaseEvent(message.payload) : undefined;
      if (event) this.publish(event);
    });
    client.on('error', (error: Error) => {
      this.log?.warn('UWS LISTEN connection lost; reconnecting', { error: error.message });
      if (this.listener === client) this.listener = undefined;
      client.release(error);
      this.scheduleReconnect();
    });
    await client.query(`LISTEN ${phaseChannel}`);
    this.listener = client;
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.retry = setTimeout(() => {
      this.connect().catch((error: unknown) => {
        this.log?.warn('UWS LISTEN reconnection failed', { error: String(error) });
        this.scheduleReconnect();
      });
    }, 1000);
  }
}

/**
 * Waits for a job to leave the phase it was read in (or be deleted), for timeoutMs at most, or
 * until the signal aborts (the client went away). Subscribe BEFORE reading the job and pass the
 * phase read to wait(), so a change between the read and the wait is not missed.
 */
export interface ChangeSubscription {
  wait(readPhase: Phase, timeoutMs: number, signal?: AbortSignal): Promise<void>;
  cancel(): void;
}

export function subscribeToChange(events: PhaseEvents, jobId: string): ChangeSubscription {
  const seen: PhaseEvent['phase'][] = [];
  let onEvent: ((phase: PhaseEvent['phase']) => void) | undefined;
  const unsubscribe = events.onJob(jobId, (event) => {
    seen.push(event.phase);
    onEvent?.(event.phase);
  });
  return {
    wait: (readPhase, timeoutMs, signal) => new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done);
      onEvent = (phase) => { if (phase !== readPhase) done(); };
      if (signal?.aborted || seen.some((phase) => phase !== readPhase)) done();
    }),
    cancel: unsubscribe,
  };
}
