// The PostgreSQL job store (table uws.jobs, sql/040_uws.sql): the canonical state of every job.
// Phase changes go through the typed state machine of phase.ts and are applied atomically
// (UPDATE ... WHERE phase = ANY(allowed)); the queue is claimed with FOR UPDATE SKIP LOCKED so
// several server nodes can share it.
import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { ErrorSummary, Job, JobParameter, JobResult } from './job.ts';
import { parsePhase, predecessors, type Phase, type Predecessors, type TargetPhase } from './phase.ts';
import { forbidden, notFound } from './errors.ts';
import { canonicalName } from './parameters.ts';

export interface NewJob {
  jobList: string;
  ownerId: string | undefined;
  runId: string | undefined;
  parameters: readonly JobParameter[];
  executionDuration: number;
  destruction: Date | undefined;
  quote: Date | undefined;
}

/** A phase change the store can make, with what it records (EXECUTING only through claimNext). */
export type PhaseChange =
  | { phase: 'QUEUED' }
  | { phase: 'COMPLETED'; results: readonly JobResult[] }
  | { phase: 'ERROR'; errorSummary: ErrorSummary }
  | { phase: 'ABORTED' };

/** Job list filters of UWS 1.1 §2.2.2.1 plus the owner whose jobs may be seen. */
export interface JobListFilter {
  /** undefined: the anonymous jobs; else that owner's jobs. */
  ownerId: string | undefined;
  phases: readonly Phase[];
  after: Date | undefined;
  last: number | undefined;
}

/** The attributes of a PENDING job a client may still change (UWS 1.1 §2.2.3). */
export interface PendingChange {
  parameters?: readonly JobParameter[];
  runId?: string | undefined;
  executionDuration?: number;
}

/** Times are kept to the millisecond, the precision documents show, so AFTER=<a shown time> is exact. */
const now = "date_trunc('milliseconds', clock_timestamp())";

const columns = `job_id, job_list, run_id, owner_id, phase, creation_time, start_time, end_time,
  execution_duration, destruction, quote, parameters, results, error_summary`;

interface JobRow {
  job_id: string;
  job_list: string;
  run_id: string | null;
  owner_id: string | null;
  phase: string;
  creation_time: Date;
  start_time: Date | null;
  end_time: Date | null;
  execution_duration: number;
  destruction: Date | null;
  quote: Date | null;
  parameters: unknown;
  results: unknown;
  error_summary: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Stored parameters; names canonicalised on read, so jobs stored before a change of case still work. */
function parametersFrom(value: unknown): JobParameter[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).flatMap((p) => typeof p.name === 'string' && typeof p.value === 'string'
    ? [{ name: canonicalName(p.name), value: p.value, ...(p.byReference === true ? { byReference: true } : {}) }] : []);
}

function resultsFrom(value: unknown): JobResult[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).flatMap((r) => typeof r.id === 'string' && typeof r.file === 'string'
    && typeof r.mimeType === 'string' && typeof r.size === 'number'
    ? [{ id: r.id, file: r.file, mimeType: r.mimeType, size: r.size }] : []);
}

function errorSummaryFrom(value: unknown): ErrorSummary | undefined {
  if (!isRecord(value) || typeof value.message !== 'string') return undefined;
  return { type: value.type === 'transient' ? 'transient' : 'fatal', message: value.message };
}

function jobFrom(row: JobRow): Job {
  return {
    jobId: row.job_id,
    jobList: row.job_list,
    runId: row.run_id ?? undefined,
    ownerId: row.owner_id ?? undefined,
    phase: parsePhase(row.phase) ?? 'UNKNOWN',
    creationTime: row.creation_time,
    startTime: row.start_time ?? undefined,
    endTime: row.end_time ?? undefined,
    executionDuration: row.execution_duration,
    destruction: row.destruction ?? undefined,
    quote: row.quote ?? undefined,
    parameters: parametersFrom(row.parameters),
    results: resultsFrom(row.results),
    errorSummary: errorSummaryFrom(row.error_summary),
  };
}

/** A fresh job identifier: 128 random bits, lower-case base32, a legal URI path segment. */
export function newJobId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return Array.from(randomBytes(26), (b) => alphabet[b % 32]).join('');
}

export class JobStore {
  constructor(private readonly pool: Pool) {}

  async create(job: NewJob): Promise<Job> {
    const { rows } = await this.pool.query<JobRow>(
      `INSERT INTO uws.jobs (job_id, job_list, owner_id, run_id, parameters, execution_duration, destruction, quote, creation_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ${now}) RETURNING ${columns}`,
      [newJobId(), job.jobList, job.ownerId ?? null, job.runId ?? null, JSON.stringify(job.parameters),
        job.executionDuration, job.destruction ?? null, job.quote ?? null]);
    return jobFrom(rows[0] as JobRow);
  }

  async get(jobId: string): Promise<Job | undefined> {
    const { rows } = await this.pool.query<JobRow>(`SELECT ${columns} FROM uws.jobs WHERE job_id = $1`, [jobId]);
    return rows[0] && jobFrom(rows[0]);
  }

  /** Jobs of a list visible to an owner, most recent first; ARCHIVED only when asked for (§2.2.2.1). */
  async list(jobList: string, filter: JobListFilter): Promise<Job[]> {
    const phases = filter.phases.length > 0 ? filter.phases : null;
    const { rows } = await this.pool.query<JobRow>(
      `SELECT ${columns} FROM uws.jobs
        WHERE job_list = $1 AND owner_id IS NOT DISTINCT FROM $2
          AND (CASE WHEN $3::text[] IS NULL THEN phase <> 'ARCHIVED' ELSE phase = ANY($3::text[]) END)
          AND ($4::timestamptz IS NULL OR creation_time > $4)
        ORDER BY creation_time DESC, job_id
        LIMIT $5`,
      [jobList, filter.ownerId ?? null, phases, filter.after ?? null, filter.last ?? null]);
    return rows.map(jobFrom);
  }

  /**
   * Changes attributes of a job that is still PENDING; refused (403) once it has been run, since
   * parameters are only modifiable in PENDING (DALI 1.1 §2.1). The change sees the locked row.
   */
  async modifyPending(jobId: string, change: (job: Job) => PendingChange): Promise<Job> {
    return this.inTransaction(async (client) => {
      const { rows } = await client.query<JobRow>(`SELECT ${columns} FROM uws.jobs WHERE job_id = $1 FOR UPDATE`, [jobId]);
      const row = rows[0];
      if (!row) throw notFound(`No job ${jobId}`);
      const job = jobFrom(row);
      if (job.phase !== 'PENDING') throw forbidden(`Job ${jobId} is ${job.phase}: it can only be changed while PENDING`);
      const c = change(job);
      const { rows: updated } = await client.query<JobRow>(
        `UPDATE uws.jobs SET parameters = $2, run_id = $3, execution_duration = $4
          WHERE job_id = $1 RETURNING ${columns}`,
        [jobId, JSON.stringify(c.parameters ?? job.parameters), ('runId' in c ? c.runId : job.runId) ?? null,
          c.executionDuration ?? job.executionDuration]);
      return jobFrom(updated[0] as JobRow);
    });
  }

  /** Sets the destruction time (allowed in any phase, UWS 1.1 §2.2.3.3). */
  async setDestruction(jobId: string, destruction: Date): Promise<Job | undefined> {
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE uws.jobs SET destruction = $2 WHERE job_id = $1 RETURNING ${columns}`, [jobId, destruction]);
    return rows[0] && jobFrom(rows[0]);
  }

  /**
   * Moves a job to change.phase if it is in one of `from` (by default every phase the state machine
   * allows before it). Returns the changed job, or undefined when the job is gone or in another phase.
   */
  async transition<C extends PhaseChange>(jobId: string, change: C,
    from: readonly Predecessors[C['phase']][] = predecessors[change.phase as TargetPhase] as readonly Predecessors[C['phase']][]): Promise<Job | undefined> {
    const allowed: readonly string[] = from;
    const sets: string[] = ['phase = $3'];
    const values: unknown[] = [jobId, allowed, change.phase];
    switch (change.phase) {
      case 'QUEUED':
        sets.push('queued_time = clock_timestamp()');
        break;
      case 'COMPLETED':
        values.push(JSON.stringify(change.results));
        sets.push(`end_time = ${now}`, `results = $${values.length}`);
        break;
      case 'ERROR':
        values.push(JSON.stringify(change.errorSummary));
        sets.push(`end_time = ${now}`, `error_summary = $${values.length}`);
        break;
      case 'ABORTED':
        sets.push(`end_time = ${now}`);
        break;
      default: {
        const unreachable: never = change;
        throw new Error(`Unknown phase change ${JSON.stringify(unreachable)}`);
      }
    }
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE uws.jobs SET ${sets.join(', ')} WHERE job_id = $1 AND phase = ANY($2::text[]) RETURNING ${columns}`, values);
    return rows[0] && jobFrom(rows[0]);
  }

  /** Claims the oldest QUEUED job of a list for this node: QUEUED -> EXECUTING, multi-node safe. */
  async claimNext(jobList: string, node: string): Promise<Job | undefined> {
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE uws.jobs SET phase = 'EXECUTING', start_time = ${now}, runner_node = $2
        WHERE phase = 'QUEUED' AND job_id = (
          SELECT job_id FROM uws.jobs WHERE job_list = $1 AND phase = 'QUEUED'
           ORDER BY queued_time, job_id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING ${columns}`, [jobList, node]);
    return rows[0] && jobFrom(rows[0]);
  }

  /** Deletes a job; true if it existed. */
  async delete(jobId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM uws.jobs WHERE job_id = $1', [jobId]);
    return (rowCount ?? 0) > 0;
  }

  /** Deletes every job whose destruction time has passed; returns their ids. */
  async deleteExpired(now: Date = new Date()): Promise<string[]> {
    const { rows } = await this.pool.query<{ job_id: string }>(
      'DELETE FROM uws.jobs WHERE destruction <= $1 RETURNING job_id', [now]);
    return rows.map((r) => r.job_id);
  }

  /**
   * After a restart: jobs this node was EXECUTING cannot be resumed (their runner died with the
   * process), so they become ERROR with a message saying so. QUEUED jobs stay queued and run.
   */
  async failInterrupted(node: string, message: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ job_id: string }>(
      `UPDATE uws.jobs SET phase = 'ERROR', end_time = ${now}, error_summary = $2
        WHERE phase = 'EXECUTING' AND runner_node = $1 RETURNING job_id`,
      [node, JSON.stringify({ type: 'transient', message } satisfies ErrorSummary)]);
    return rows.map((r) => r.job_id);
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}
