// UWS 1.1 execution phases (§2.1.3) and the state machine of the transitions this service makes.
// A transition names its target and the phases it may come from; the table is typed so that a
// transition the machine does not allow cannot be written, and the store applies it atomically.

export const phases = [
  'PENDING', 'QUEUED', 'EXECUTING', 'COMPLETED', 'ERROR', 'ABORTED',
  'UNKNOWN', 'HELD', 'SUSPENDED', 'ARCHIVED',
] as const;

export type Phase = typeof phases[number];

/** For each phase a job can be moved to, the phases it may be moved from. */
export interface Predecessors {
  /** PHASE=RUN: a PENDING (or HELD) job joins the queue. */
  QUEUED: 'PENDING' | 'HELD';
  /** A runner claims the oldest queued job. */
  EXECUTING: 'QUEUED';
  /** The executor returned its results. */
  COMPLETED: 'EXECUTING';
  /** Validation failed at PHASE=RUN, the executor failed or timed out, or the server restarted. */
  ERROR: 'PENDING' | 'QUEUED' | 'EXECUTING';
  /** PHASE=ABORT by the client. */
  ABORTED: 'PENDING' | 'QUEUED' | 'EXECUTING' | 'HELD' | 'SUSPENDED';
}

export type TargetPhase = keyof Predecessors;

export const predecessors: { readonly [T in TargetPhase]: readonly Predecessors[T][] } = {
  QUEUED: ['PENDING', 'HELD'],
  EXECUTING: ['QUEUED'],
  COMPLETED: ['EXECUTING'],
  ERROR: ['PENDING', 'QUEUED', 'EXECUTING'],
  ABORTED: ['PENDING', 'QUEUED', 'EXECUTING', 'HELD', 'SUSPENDED'],
};

/** Phases in which a job may still change by itself: a blocking WAIT only waits in these (§2.2.1.2). */
export const activePhases: readonly Phase[] = ['PENDING', 'QUEUED', 'EXECUTING', 'HELD', 'SUSPENDED'];

export function isActive(phase: Phase): boolean {
  return activePhases.includes(phase);
}

/** The phase named by a client (case-insensitive), or undefined when it names none. */
export function parsePhase(text: string): Phase | undefined {
  const upper = text.trim().toUpperCase();
  return phases.find((p) => p === upper);
}

export function canMove(from: Phase, to: TargetPhase): boolean {
  return (predecessors[to] as readonly Phase[]).includes(from);
}
