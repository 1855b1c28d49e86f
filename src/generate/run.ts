// Generates a data set into a directory, in parallel over worker threads, resumably: units and
// images already complete are kept, and the manifest records what the directory holds (the
// generator's source hash, profile, seed), so a changed generator or profile regenerates.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProgress } from '../cli/progress.ts';
import type { Logger } from '../log.ts';
import { runPool } from '../workers/pool.ts';
import { planImages, planUnits, type DatasetRequest } from './dataset.ts';
import { isUnitWritten } from './files.ts';
import type { GenerateTask, GenerateTaskResult } from './worker.ts';

export interface Manifest extends DatasetRequest {
  /** Hash of the generator's source code: the same hash, request and seed give identical bytes. */
  generator: string;
  complete: boolean;
}

const generatorDir = path.dirname(fileURLToPath(import.meta.url));

/** SHA-256 over the generator's source files (and the FITS writer it renders images with). */
export function generatorHash(): string {
  const h = crypto.createHash('sha256');
  const dirs = [generatorDir, path.join(generatorDir, '..', 'fits'), path.join(generatorDir, '..', 'wcs')];
  const walk = (dir: string): string[] => !fs.existsSync(dir) ? [] : fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
  for (const f of dirs.flatMap(walk).sort()) h.update(path.relative(generatorDir, f)).update(fs.readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

export const catalogDirOf = (dataDir: string): string => path.join(dataDir, 'tables');
const manifestPath = (dataDir: string): string => path.join(dataDir, 'manifest.json');

export function readManifest(dataDir: string): Manifest | undefined {
  const p = manifestPath(dataDir);
  return fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, 'utf8')) as Manifest : undefined;
}

function sameData(a: Manifest | undefined, b: Omit<Manifest, 'complete'>): boolean {
  return !!a && a.generator === b.generator && a.profile === b.profile && a.seed === b.seed &&
    (a.targetRows ?? null) === (b.targetRows ?? null);
}

/** True when the directory already holds exactly this request, complete. */
export function isGenerated(dataDir: string, req: DatasetRequest): boolean {
  const m = readManifest(dataDir);
  return sameData(m, { ...req, generator: generatorHash() }) && !!m?.complete && (m.images || !req.images);
}

export async function generateDataset(dataDir: string, req: DatasetRequest, log: Logger, workers?: number): Promise<Manifest> {
  const manifest: Manifest = { ...req, generator: generatorHash(), complete: false };
  const previous = readManifest(dataDir);
  if (previous && !sameData(previous, manifest)) {
    log.info('the data directory holds another data set; regenerating', { dataDir, previous: previous.profile });
    fs.rmSync(catalogDirOf(dataDir), { recursive: true, force: true });
    for (const d of ['pdr3_wide', 'pdr3_dud']) fs.rmSync(path.join(dataDir, d), { recursive: true, force: true });
  }
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(manifestPath(dataDir), JSON.stringify(manifest, null, 2) + '\n');

  const worker = new URL('./worker.ts', import.meta.url);
  const units = planUnits(req).filter((u) => !isUnitWritten(catalogDirOf(dataDir), u.key));
  if (units.length) {
    const bar = createProgress('catalog', units.reduce((s, u) => s + u.estimatedRows, 0), 'rows');
    const tasks: GenerateTask[] = units.map((u) => ({ kind: 'unit', dataDir, request: req, key: u.key }));
    await runPool<GenerateTask, GenerateTaskResult>(worker, tasks, { concurrency: workers, onResult: (r) => bar.tick(r.count) });
    bar.done();
  }
  if (req.images) {
    const images = planImages(req).filter((j) => !fs.existsSync(path.join(dataDir, j.path)));
    if (images.length) {
      const bar = createProgress('images ', images.length, 'files');
      const tasks: GenerateTask[] = images.map((j) => ({ kind: 'image', dataDir, request: req, key: j.path }));
      await runPool<GenerateTask, GenerateTaskResult>(worker, tasks, { concurrency: workers, onResult: () => bar.tick(1) });
      bar.done();
    }
  }
  manifest.complete = true;
  fs.writeFileSync(manifestPath(dataDir), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
