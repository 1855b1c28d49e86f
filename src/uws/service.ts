// The UWS 1.1 service of one job list: the actions of the REST binding (§2.2.3) over the job store,
// the runner pool, phase events, blocking WAIT (§2.2.1.2) and the destruction sweeper. HTTP-free:
// the Koa router (router.ts) parses requests and calls these methods.
import { hostname } from 'node:os';
import { access, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from 'pg';
import type { Job, JobKind, JobParameter } from './job.ts';
import { JobStore, type JobListFilter } from './store.ts';
import { PhaseEvents, subscribeToChange } from './events.ts';
import { RunnerPool } from './runner.ts';
import { DestructionSweeper } from './sweeper.ts';
import { createJobDirectory, jobDirectory, jobFilePath, removeJobDirectory } from './files.ts';
import { canonicalName, mergeParameters, parameterValue, requestParameters, type NamedValue } from './parameters.ts';
import { isActive, type Phase } from './phase.ts';
import { parseSeconds, parseTime } from './time.ts';
import { forbidden, notFound, usageError } from './errors.ts';
import type { Logger } from '../log.ts';

export interface UwsOptions {
  /** The server's own connection pool (hscvo_owner); one connection is held for LISTEN. */
  pool: Pool;
  kind: JobKind;
  /** Name of this job list in uws.jobs, e.g. 'tap-async'. */
  jobList: string;
  /** Directory under which each job gets a directory of results and uploads. */
  resultDir: string;
  /** Jobs executing at once on this node (default 2). */
  concurrency?: number;
  /** This node's name, for restart recovery (default: the host name). */
  node?: string;
  /** EXECUTIONDURATION in seconds: default given to new jobs and hard maximum (0 = unlimited). */
  executionDuration?: { defaultSeconds: number; maxSeconds: number };
  /** DESTRUCTION: seconds after creation by default, and the latest a client may ask for. */
  destruction?: { defaultSeconds: number; maxSeconds: number };
  /** Cap of a blocking WAIT in seconds, also used for WAIT=-1 (default 60). */
  maxWaitSeconds?: number;
  /** How often the destruction sweeper runs (default 60 s). */
  sweepIntervalMs?: number;
  /** Safety-net poll of the queue (default 5 s); notifications normally wake the runners. */
  pollIntervalMs?: number;
  log?: Logger;
}

/** A file part of a multipart request, already on disk (see request-body.ts). */
export interface UploadedFile {
  /** The form field name; it becomes a by-reference job parameter (UWS 1.1 §2.2.3.1.1). */
  field: string;
  path: string;
}

/** Who is asking: undefined for anonymous requests. */
export type Requester = string | undefined;

/** What a client sends to create a job or to add parameters. */
export interface ParameterInput {
  values: readonly NamedValue[];
  files: readonly UploadedFile[];
}

/** UWS control parameters: they set job attributes, not job parameters. */
const controlNames = ['PHASE', 'ACTION', 'EXECUTIONDURATION', 'DESTRUCTION'].map(canonicalName);

export const restartMessage = 'The server restarted while this job was executing, so it was stopped; please run it again.';

export class UwsService {
  readonly store: JobStore;
  readonly events: PhaseEvents;
  readonly runners: RunnerPool;
  readonly sweeper: DestructionSweeper;
  readonly jobList: string;
  readonly maxWaitSeconds: number;
  private readonly kind: JobKind;
  private readonly resultDir: string;
  private readonly node: string;
  private readonly duration: { defaultSeconds: number; maxSeconds: number };
  private readonly destruction: { defaultSeconds: number; maxSeconds: number };
  private readonly multiValued: readonly string[];
  private readonly log: Logger | undefined;

  constructor(options: UwsOptions) {
    this.kind = options.kind;
    this.jobList = options.jobList;
    this.resultDir = path.resolve(options.resultDir);
    this.node = options.node ?? hostname();
    this.duration = options.executionDuration ?? { defaultSeconds: 600, maxSeconds: 3600 };
    this.destruction = options.destruction ?? { defaultSeconds: 7 * 86400, maxSeconds: 30 * 86400 };
    this.maxWaitSeconds = options.maxWaitSeconds ?? 60;
    this.multiValued = (options.kind.multiValued ?? []).map(canonicalName);
    this.log = options.log;
    this.store = new JobStore(options.pool);
    this.events = new PhaseEvents(options.pool, options.log);
    this.runners = new RunnerPool({
      store: this.store, events: this.events, kind: options.kind, jobList: options.jobList,
      resultDir: this.resultDir, concurrency: options.concurrency ?? 2, node: this.node,
      pollIntervalMs: options.pollIntervalMs ?? 5000, log: options.log,
    });
    this.sweeper = new DestructionSweeper(this.store, this.events, this.resultDir,
      options.sweepIntervalMs ?? 60_000, options.log);
  }

  /**
   * Starts listening, recovers from a restart and starts the runners and the sweeper. Recovery:
   * jobs this node was EXECUTING become ERROR with restartMessage (their work died with the old
   * process); QUEUED jobs simply run.
   */
  async start(): Promise<void> {
    await mkdir(this.resultDir, { recursive: true });
    await this.events.start();
    const interrupted = await this.store.failInterrupted(this.node, restartMessage);
    for (const jobId of interrupted) this.events.publish({ jobId, phase: 'ERROR' });
    if (interrupted.length > 0) this.log?.warn('UWS jobs interrupted by a restart set to ERROR', { count: interrupted.length });
    this.runners.start();
    this.sweeper.start();
  }

  async stop(): Promise<void> {
    await this.sweeper.stop();
    await this.runners.stop();
    await this.events.stop();
  }

  jobDirectory(jobId: string): string {
    return jobDirectory(this.resultDir, jobId);
  }

  /** Where request bodies' file parts land before they are moved into a job's directory. */
  incomingDirectory(): string {
    return path.join(this.resultDir, '.incoming');
  }

  /** POST /{jobs}: creates a PENDING job; PHASE=RUN runs it at once (UWS 1.1 §2.2.3.1). */
  async create(requester: Requester, input: ParameterInput): Promise<Job> {
    const values = requestParameters(input.values, this.multiValued);
    const control = {
      PHASE: parameterValue(values, 'PHASE'),
      EXECUTIONDURATION: parameterValue(values, 'EXECUTIONDURATION'),
      DESTRUCTION: parameterValue(values, 'DESTRUCTION'),
    };
    const parameters = values.filter((p) => !controlNames.includes(p.name));
    const executionDuration = this.allowedDuration(control.EXECUTIONDURATION === undefined
      ? this.duration.defaultSeconds : parseSeconds(control.EXECUTIONDURATION, 'EXECUTIONDURATION'));
    const now = Date.now();
    const destruction = this.allowedDestruction(control.DESTRUCTION === undefined
      ? new Date(now + this.destruction.defaultSeconds * 1000) : parseTime(control.DESTRUCTION, 'DESTRUCTION'));
    if (control.PHASE !== undefined && control.PHASE.trim().toUpperCase() !== 'RUN') {
      throw usageError(`PHASE at job creation may only be RUN, got "${control.PHASE}"`);
    }
    let job = await this.store.create({
      jobList: this.jobList,
      ownerId: requester,
      runId: runIdOf(parameters),
      parameters,
      executionDuration,
      destruction,
      quote: executionDuration > 0 ? new Date(now + executionDuration * 1000) : undefined,
    });
    if (input.files.length > 0) job = await this.attachFiles(job, input.files);
    return control.PHASE !== undefined ? this.run(requester, job.jobId) : job;
  }

  async get(requester: Requester, jobId: string): Promise<Job> {
    const job = await this.store.get(jobId);
    if (!job || job.jobList !== this.jobList) throw notFound(`No job ${jobId}`);
    if (job.ownerId !== undefined && job.ownerId !== requester) throw forbidden(`Job ${jobId} belongs to another user`);
    return job;
  }

  list(requester: Requester, filter: Omit<JobListFilter, 'ownerId'>): Promise<Job[]> {
    return this.store.list(this.jobList, { ...filter, ownerId: requester });
  }

  /**
   * GET /{jobs}/{id}?WAIT=n[&PHASE=p] (UWS 1.1 §2.2.1.2): blocks while the job is in an active
   * phase (and in `phase`, if given) until it changes, n seconds pass (capped; -1 = the cap), or
   * the client goes away.
   */
  async wait(requester: Requester, jobId: string, seconds: number, phase: Phase | undefined,
    signal?: AbortSignal): Promise<Job> {
    const limit = seconds < 0 ? this.maxWaitSeconds : Math.min(seconds, this.maxWaitSeconds);
    const subscription = subscribeToChange(this.events, jobId);
    try {
      const job = await this.get(requester, jobId);
      if (limit <= 0 || !isActive(job.phase) || (phase !== undefined && phase !== job.phase)) {
        subscription.cancel();
        return job;
      }
      await subscription.wait(job.phase, limit * 1000, signal);
    } catch (error) {
      subscription.cancel();
      throw error;
    }
    return this.get(requester, jobId);
  }

  /**
   * PHASE=RUN: the job kind validates the job first, so a bad job goes to ERROR at once instead of
   * waiting in the queue; a good one is QUEUED and a runner is woken. Running a job that is no
   * longer PENDING changes nothing.
   */
  async run(requester: Requester, jobId: string): Promise<Job> {
    const job = await this.get(requester, jobId);
    if (job.phase !== 'PENDING' && job.phase !== 'HELD') return job;
    const check = await this.kind.validate(job, { jobDir: this.jobDirectory(jobId) });
    const changed = check.kind === 'ok'
      ? await this.store.transition(jobId, { phase: 'QUEUED' })
      : await this.store.transition(jobId, { phase: 'ERROR', errorSummary: { type: 'fatal', message: check.message } }, ['PENDING']);
    if (!changed) return this.get(requester, jobId);
    this.events.publish({ jobId, phase: changed.phase });
    if (changed.phase === 'QUEUED') this.runners.wake();
    return changed;
  }

  /** PHASE=ABORT: the job's runner (on whichever node) is stopped through its signal. */
  async abort(requester: Requester, jobId: string): Promise<Job> {
    await this.get(requester, jobId);
    const changed = await this.store.transition(jobId, { phase: 'ABORTED' });
    if (changed) this.events.publish({ jobId, phase: 'ABORTED' });
    return changed ?? this.get(requester, jobId);
  }

  /** DELETE /{jobs}/{id} or ACTION=DELETE: the job, its results and uploads are gone. */
  async delete(requester: Requester, jobId: string): Promise<void> {
    await this.get(requester, jobId);
    if (!(await this.store.delete(jobId))) throw notFound(`No job ${jobId}`);
    this.events.publish({ jobId, phase: 'DELETED' });
    await removeJobDirectory(this.resultDir, jobId);
  }

  /** POST /{jobs}/{id}/parameters: only while PENDING (else 403); RUNID also sets the runId. */
  async addParameters(requester: Requester, jobId: string, input: ParameterInput): Promise<Job> {
    await this.get(requester, jobId);
    const incoming = requestParameters(input.values, this.multiValued).filter((p) => !controlNames.includes(p.name));
    const job = await this.store.modifyPending(jobId, (current) => {
      const parameters = mergeParameters(current.parameters, incoming, this.multiValued);
      return { parameters, runId: runIdOf(parameters) };
    });
    return input.files.length > 0 ? this.attachFiles(job, input.files) : job;
  }

  /** POST /{jobs}/{id}/executionduration: while PENDING; capped by the configured maximum. */
  async setExecutionDuration(requester: Requester, jobId: string, text: string): Promise<Job> {
    await this.get(requester, jobId);
    const executionDuration = this.allowedDuration(parseSeconds(text, 'EXECUTIONDURATION'));
    return this.store.modifyPending(jobId, () => ({ executionDuration }));
  }

  /** POST /{jobs}/{id}/destruction: any phase; the server may bring the time earlier. */
  async setDestruction(requester: Requester, jobId: string, text: string): Promise<Job> {
    await this.get(requester, jobId);
    const job = await this.store.setDestruction(jobId, this.allowedDestruction(parseTime(text, 'DESTRUCTION')));
    if (!job) throw notFound(`No job ${jobId}`);
    return job;
  }

  /** The path and type of a result file (404 when the job has no such result). */
  async resultFile(requester: Requester, jobId: string, resultId: string): Promise<{ path: string; mimeType: string; size: number }> {
    const job = await this.get(requester, jobId);
    const result = job.results.find((r) => r.id === resultId);
    if (!result) throw notFound(`Job ${jobId} has no result ${resultId}`);
    const file = jobFilePath(this.resultDir, jobId, result.file);
    // Checked before streaming: a missing file (another node ran the job without shared storage)
    // otherwise broke the connection after the headers, with no answer a client could read.
    await access(file).catch(() => {
      throw notFound(`The result ${resultId} of job ${jobId} is not in this server's storage`);
    });
    return { path: file, mimeType: result.mimeType, size: result.size };
  }

  /** The path of an inline upload of a job (by-reference parameter), or 404. */
  async parameterFile(requester: Requester, jobId: string, name: string): Promise<string> {
    const job = await this.get(requester, jobId);
    const parameter = job.parameters.find((p) => p.byReference === true && p.name === canonicalName(name));
    if (!parameter) throw notFound(`Job ${jobId} has no uploaded parameter ${name}`);
    return jobFilePath(this.resultDir, jobId, parameter.value);
  }

  errorDocument(job: Job): { contentType: string; body: string } {
    if (job.phase !== 'ERROR' || !job.errorSummary) throw notFound(`Job ${job.jobId} has no error`);
    return this.kind.errorDocument?.(job, job.errorSummary)
      ?? { contentType: 'text/plain; charset=utf-8', body: job.errorSummary.message };
  }

  /** Moves uploaded files into the job's directory and records them as by-reference parameters. */
  private async attachFiles(job: Job, files: readonly UploadedFile[]): Promise<Job> {
    const dir = await createJobDirectory(this.resultDir, job.jobId);
    await mkdir(path.join(dir, 'uploads'), { recursive: true });
    const offset = job.parameters.filter((p) => p.byReference === true).length;
    const uploaded: JobParameter[] = [];
    for (const [i, file] of files.entries()) {
      const relative = path.join('uploads', String(offset + i));
      await rename(file.path, path.join(dir, relative));
      uploaded.push({ name: canonicalName(file.field), value: relative, byReference: true });
    }
    return this.store.modifyPending(job.jobId, (current) => ({
      parameters: mergeParameters(current.parameters, uploaded, this.multiValued),
    }));
  }

  private allowedDuration(requested: number): number {
    const max = this.duration.maxSeconds;
    return max > 0 && (requested === 0 || requested > max) ? max : requested;
  }

  private allowedDestruction(requested: Date): Date {
    const latest = Date.now() + this.destruction.maxSeconds * 1000;
    return requested.getTime() > latest ? new Date(latest) : requested;
  }
}

function runIdOf(parameters: readonly JobParameter[]): string | undefined {
  const value = parameterValue(parameters, 'RUNID');
  if (value !== undefined && value.length > 64) throw usageError('RUNID must be at most 64 characters');
  return value;
}
