// Where a job's files live: one directory per job under the configured result directory, holding
// its results (and inline uploads); removed with the job.
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Job, JobResult, ProducedResult } from './job.ts';
import { canonicalName } from './parameters.ts';

export function jobDirectory(resultRoot: string, jobId: string): string {
  return path.join(resultRoot, jobId);
}

export async function createJobDirectory(resultRoot: string, jobId: string): Promise<string> {
  const dir = jobDirectory(resultRoot, jobId);
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function removeJobDirectory(resultRoot: string, jobId: string): Promise<void> {
  await rm(jobDirectory(resultRoot, jobId), { recursive: true, force: true });
}

/** The path of a file of a job, refusing names that would leave the job's directory. */
export function jobFilePath(resultRoot: string, jobId: string, file: string): string {
  const dir = jobDirectory(resultRoot, jobId);
  const full = path.resolve(dir, file);
  if (!full.startsWith(dir + path.sep)) throw new Error(`Result file ${file} is outside the job directory`);
  return full;
}

/** Records the executor's results with their sizes on disk. */
export async function describeResults(resultRoot: string, jobId: string,
  produced: readonly ProducedResult[]): Promise<JobResult[]> {
  const ids = new Set<string>();
  return Promise.all(produced.map(async (r) => {
    if (ids.has(r.id)) throw new Error(`Result id ${r.id} given twice`);
    ids.add(r.id);
    const { size } = await stat(jobFilePath(resultRoot, jobId, r.file));
    return { id: r.id, file: r.file, mimeType: r.mimeType, size };
  }));
}

/**
 * The file of an inline upload (multipart part `name`, referenced as `param:name` by UPLOAD) in
 * the job's directory, or undefined when the job has no such part. Names compare case-insensitively.
 */
export function inlineUploadFile(jobDir: string, job: Job, name: string): string | undefined {
  const canonical = canonicalName(name);
  const parameter = job.parameters.find((p) => p.byReference === true && p.name === canonical);
  return parameter && path.join(jobDir, parameter.value);
}
