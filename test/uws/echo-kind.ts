// A real job kind for the UWS tests: validation refuses a QUERY starting with BAD (with a position,
// as ADQL errors will), execution waits DELAY_MS (abortably) and writes the QUERY upper-cased to
// result.txt; QUERY=FAIL fails the job. It records what it saw so tests can check the signal.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobFailure, type ExecutionContext, type Job, type JobCheck, type JobKind, type ProducedResult } from '../../src/uws/job.ts';
import { parameterValue } from '../../src/uws/parameters.ts';

export interface EchoKind extends JobKind {
  /** Job ids whose execution saw its signal abort, with the abort reason. */
  aborted: Map<string, unknown>;
  /** Most jobs seen executing at once. */
  peakConcurrency: number;
}

export function echoKind(): EchoKind {
  let current = 0;
  const kind: EchoKind = {
    aborted: new Map(),
    peakConcurrency: 0,
    multiValued: ['UPLOAD'],
    async validate(job: Job): Promise<JobCheck> {
      const query = parameterValue(job.parameters, 'QUERY');
      if (query === undefined) return { kind: 'error', message: 'QUERY is required' };
      if (query.startsWith('BAD')) return { kind: 'error', message: 'Syntax error at line 1, column 1: unexpected "BAD"' };
      return { kind: 'ok' };
    },
    async execute(job: Job, context: ExecutionContext): Promise<readonly ProducedResult[]> {
      current += 1;
      kind.peakConcurrency = Math.max(kind.peakConcurrency, current);
      try {
        const delay = Number(parameterValue(job.parameters, 'DELAY_MS') ?? '0');
        try {
          await sleep(delay, undefined, { signal: context.signal });
        } catch (error) {
          kind.aborted.set(job.jobId, context.signal.reason);
          throw error;
        }
        const query = parameterValue(job.parameters, 'QUERY') ?? '';
        if (query === 'FAIL') throw new JobFailure('The query failed on purpose');
        await writeFile(path.join(context.resultDir, 'result.txt'), query.toUpperCase());
        return [{ id: 'result', file: 'result.txt', mimeType: 'text/plain' }];
      } finally {
        current -= 1;
      }
    },
    errorDocument: (_job, summary) => ({ contentType: 'text/plain; charset=utf-8', body: `ERROR: ${summary.message}` }),
  };
  return kind;
}
