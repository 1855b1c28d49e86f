// Worker-thread task of `generate`: produces one catalog/frames work unit into CSV files, or
// renders one coadd image. The plan is rebuilt here from the request (it is deterministic).
import { planImages, planUnits, type DatasetRequest } from './dataset.ts';
import { catalogDirOf } from './run.ts';
import { writeUnit } from './files.ts';
import { renderImageJob } from './dataset.ts';

export interface GenerateTask {
  kind: 'unit' | 'image';
  dataDir: string;
  request: DatasetRequest;
  /** Unit key, or the image's path relative to dataDir. */
  key: string;
}

export interface GenerateTaskResult {
  /** Rows written, or bytes of the image. */
  count: number;
}

export default async function generateTask(task: GenerateTask): Promise<GenerateTaskResult> {
  if (task.kind === 'unit') {
    const unit = planUnits(task.request).find((u) => u.key === task.key);
    if (!unit) throw new Error(`no work unit ${task.key} in this plan`);
    return { count: writeUnit(catalogDirOf(task.dataDir), unit) };
  }
  const job = planImages(task.request).find((j) => j.path === task.key);
  if (!job) throw new Error(`no image ${task.key} in this plan`);
  return { count: await renderImageJob(task.dataDir, task.request, job) };
}
