// Builds a throw-away vo-resources directory (the real UCD vocabulary plus the given JSON) for
// the loader tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { voResourcesDir } from '../../src/metadata/load.ts';

export function voResourcesFixture(schemas: unknown, tablesets: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vo-resources-'));
  fs.mkdirSync(path.join(dir, 'vocab'));
  fs.mkdirSync(path.join(dir, 'tap', 'tablesets'), { recursive: true });
  fs.copyFileSync(path.join(voResourcesDir, 'vocab', 'ucd1p-words.txt'), path.join(dir, 'vocab', 'ucd1p-words.txt'));
  fs.writeFileSync(path.join(dir, 'tap', 'schemas.json'), JSON.stringify(schemas));
  for (const [name, content] of Object.entries(tablesets)) {
    fs.writeFileSync(path.join(dir, 'tap', 'tablesets', `${name}.json`), JSON.stringify(content));
  }
  return dir;
}

export const goodColumn = { name: 'object_id', datatype: 'long', ucd: 'meta.id;meta.main', description: 'Object identifier.' };
