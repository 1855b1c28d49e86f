// The UWS job as the domain sees it (UWS 1.1 §2.1), and the JobKind port through which a protocol
// (TAP, SODA...) plugs its validation and execution into the generic job machinery.
import type { Phase } from './phase.ts';

/** One job parameter under its canonical (upper-case) name; UPLOAD-like names may repeat. */
export interface JobParameter {
  name: string;
  value: string;
  /** True when value is a URL to content held elsewhere (inline uploads, §2.2.3.1.1). */
  byReference?: boolean;
}

/** A result file in the job's directory, listed in <uws:results> and served at results/{id}. */
export interface JobResult {
  id: string;
  /** File name relative to the job's directory. */
  file: string;
  mimeType: string;
  size: number;
}

export interface ErrorSummary {
  type: 'fatal' | 'transient';
  message: string;
}

export interface Job {
  jobId: string;
  jobList: string;
  runId: string | undefined;
  ownerId: string | undefined;
  phase: Phase;
  creationTime: Date;
  startTime: Date | undefined;
  endTime: Date | undefined;
  /** Seconds; 0 means unlimited. */
  executionDuration: number;
  destruction: Date | undefined;
  quote: Date | undefined;
  parameters: readonly JobParameter[];
  results: readonly JobResult[];
  errorSummary: ErrorSummary | undefined;
}

/** What a job kind's validation says about a job about to be queued. */
export type JobCheck =
  | { kind: 'ok' }
  | { kind: 'error'; message: string };

/** What validation may read: the job's directory holds its inline uploads. */
export interface ValidationContext {
  jobDir: string;
}

/** What the runner gives an executor. */
export interface ExecutionContext {
  /** Aborted on PHASE=ABORT, deletion, destruction, shutdown or when the execution duration is exceeded. */
  signal: AbortSignal;
  /** The job's own directory: results are written here and deleted with the job. */
  resultDir: string;
  /** The job's execution duration in seconds (0 = unlimited), e.g. for a statement timeout. */
  timeoutSeconds: number;
}

/** A result the executor wrote into resultDir. */
export interface ProducedResult {
  id: string;
  file: string;
  mimeType: string;
}

/** An error document for GET {job}/error (TAP: a VOTable error document, DALI §4.2). */
export interface ErrorDocument {
  contentType: string;
  body: string;
}

/** The port a protocol implements to run its jobs on this UWS. */
export interface JobKind {
  /** Checked at PHASE=RUN, before the job waits in the queue: a bad job goes to ERROR at once. */
  validate(job: Job, context: ValidationContext): Promise<JobCheck>;
  /** Runs the job; throws to fail it (the message becomes the error summary). */
  execute(job: Job, context: ExecutionContext): Promise<readonly ProducedResult[]>;
  /** Renders the error resource; without it the message is served as text/plain. */
  errorDocument?(job: Job, summary: ErrorSummary): ErrorDocument;
  /** Parameter names (upper case) that may repeat and accumulate, e.g. UPLOAD. */
  multiValued?: readonly string[];
}

/** Thrown by an executor or the runner to fail a job with a message meant for the user. */
export class JobFailure extends Error {
  readonly type: ErrorSummary['type'];
  constructor(message: string, type: ErrorSummary['type'] = 'fatal') {
    super(message);
    this.name = 'JobFailure';
    this.type = type;
  }
}
