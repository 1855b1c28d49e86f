// TAP 1.1 §2.2 /async: TAP queries as UWS jobs. The ADQL is checked when the job is run, before
// it waits in the queue (a bad query goes to ERROR at once, with the position of the mistake);
// the result is written to the job's directory as result.<ext> and served as results/result.
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { parse } from '../adql/index.ts';
import { votableError } from '../formats/index.ts';
import { asServiceError } from '../http/errors.ts';
import type { Logger } from '../log.ts';
import { ANONYMOUS, type Caller } from '../metadata/access.ts';
import { JobFailure, type Job, type JobKind, type ProducedResult } from '../uws/job.ts';
import { tapQueryRequest } from './parameters.ts';
import { compileQuery, runQuery, type TapServices } from './query.ts';
import { withUploads, type RequestFile, type UploadSupport } from './uploads.ts';

/** Who a job runs for: auth will map the job's owner to their releases; until then, anonymous. */
export type JobCaller = (job: Job) => Caller;

function inlineFiles(job: Job, jobDir: string): RequestFile[] {
  return job.parameters.filter((p) => p.byReference === true).map((p) => ({ field: p.name, path: path.join(jobDir, p.value) }));
}

export function tapJobKind(services: TapServices, uploads: UploadSupport, log: Logger,
  callerOf: JobCaller = () => ANONYMOUS): JobKind {
  return {
    multiValued: ['UPLOAD'],

    async validate(job) {
      try {
        const request = tapQueryRequest(job.parameters, services.limits);
        if (request.uploads.length === 0) {
          compileQuery(services, request, callerOf(job));
        } else {
          // Upload tables are only known once loaded (at execution): check the syntax now.
          const parsed = parse(request.query);
          if (!parsed.ok) return { kind: 'error', message: parsed.errors.map((e) => e.describe()).join('\n') };
        }
        return { kind: 'ok' };
      } catch (err) {
        return { kind: 'error', message: asServiceError(err).message };
      }
    },

    async execute(job, context): Promise<readonly ProducedResult[]> {
      const request = tapQueryRequest(job.parameters, services.limits);
      const file = path.join(context.resultDir, `result.${request.format.format.fileExtension}`);
      const out = fs.createWriteStream(file);
      try {
        const outcome = await withUploads(uploads, request.uploads, inlineFiles(job, context.resultDir), context.signal,
          async (uploaded) => runQuery(services, request, compileQuery(services, request, callerOf(job), uploaded), out, {
            timeoutSeconds: context.timeoutSeconds, signal: context.signal,
          }));
        out.end();
        await finished(out);
        if (outcome.status === 'ERROR') throw new JobFailure(outcome.errorMessage ?? 'the query failed while writing its result');
        log.info('async query done', { jobId: job.jobId, rows: outcome.rowCount, status: outcome.status });
        return [{ id: 'result', file: path.basename(file), mimeType: request.format.contentType }];
      } catch (err) {
        out.destroy();
        if (err instanceof JobFailure) throw err;
        throw new JobFailure(asServiceError(err).message);
      }
    },

    errorDocument(_job, summary) {
      return { contentType: 'application/x-votable+xml', body: votableError(summary.message) };
    },
  };
}
