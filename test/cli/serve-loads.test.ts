// What `hsc-vo serve` loads at start: the server, and none of the commands that only produce data
// (the generator, ingest, the HiPS tiler) nor sharp, whose libvips costs ~20 MB of resident memory.
// (The survey's geometry, src/generate/fields.ts and skymap.ts, is shared with the services.)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';

/** The module URLs a fresh Node process resolves while importing `entry` (through tsx, as bin/hsc-vo.js runs). */
function modulesLoadedBy(entry: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hsc-vo-loads-'));
  const file = path.join(dir, 'modules.txt');
  fs.writeFileSync(file, '');
  const recorder = pathToFileURL(path.join(projectRoot, 'test', 'cli', 'module-recorder.mjs')).href;
  const script = `import { register } from 'node:module';
register(${JSON.stringify(recorder)}, { data: { file: ${JSON.stringify(file)} } });
await import(${JSON.stringify(pathToFileURL(path.join(projectRoot, entry)).href)});`;
  try {
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot, timeout: 60_000, stdio: 'pipe' });
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('hsc-vo serve', () => {
  it('loads the server but not the generator, ingest, the HiPS tiler or sharp', () => {
    const loaded = modulesLoadedBy('src/cli/serve.ts').map((url) => url.replace(pathToFileURL(projectRoot).href, ''));
    expect(loaded).toContain('/src/server.ts');
    expect(loaded).toContain('/src/images/files.ts');
    const unwanted = loaded.filter((url) => /^\/src\/generate\/(run|catalog|dataset)\.ts$|^\/src\/generate\/(images|frames)\/|^\/src\/db\/ingest\.ts$|^\/src\/hips\/(build|command|encode)\.ts$|\/node_modules\/sharp\//.test(url));
    expect(unwanted).toEqual([]);
  }, 90_000);
});
