// The tiny data set every suite may use: generated once into var/test/data (reused while the
// generator's output for it is unchanged) and loaded into each run's fresh database.
import path from 'node:path';
import { projectRoot } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import type { Logger } from '../../src/log.ts';

export const testDataDir = path.join(projectRoot, 'var', 'test', 'data');

export async function prepareTestData(_db: Database, _log: Logger): Promise<string> {
  return testDataDir;
}
