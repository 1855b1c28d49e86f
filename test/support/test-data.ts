// The tiny data set every suite may use: generated once into var/test/data (kept while the
// generator's source and the request are unchanged; several concurrent test runs share it
// behind a lock) and loaded into each run's fresh database.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../../src/config.ts';
import { loadData } from '../../src/cli/data.ts';
import type { Database } from '../../src/db/database.ts';
import type { DatasetRequest } from '../../src/generate/dataset.ts';
import { generateDataset, isGenerated } from '../../src/generate/run.ts';
import type { Logger } from '../../src/log.ts';

export const testDataDir = path.join(projectRoot, 'var', 'test', 'data');
export const testDataRequest: DatasetRequest = { profile: 'tiny', seed: 20210801, images: true };

/** mkdir is atomic: the directory is the lock; a lock whose owner process is gone is taken over. */
async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      let alive = pid > 0;
      try { if (pid > 0) process.kill(pid, 0); } catch { alive = false; }
      if (!alive && pid > 0) fs.rmSync(lockDir, { recursive: true, force: true });
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

export async function prepareTestData(db: Database, log: Logger): Promise<string> {
  await withLock(`${testDataDir}.lock`, async () => {
    if (!isGenerated(testDataDir, testDataRequest)) await generateDataset(testDataDir, testDataRequest, log);
  });
  await loadData(db, testDataDir, log, 'http://localhost:8080');
  return testDataDir;
}
