// Shared helpers of the interoperability regressions (anchors.md §2): TAP requests against a live
// test server, votlint over the documents a case produced, and the pyvo/astropy checks script.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { startTestServer, type TestServer } from '../support/app.ts';
import { PYTHON } from '../formats/support.ts';

const run = promisify(execFile);

export type Params = Record<string, string>;

/**
 * The test server of an interop suite. All test servers share one database, hence one async
 * queue, and any of them may run a job another created: startTestServer gives them one shared
 * jobs directory (as nodes of a deployment share storage) and a node name each.
 */
export function startInteropServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer(env);
}

/** POST /tap/sync as a form, the way TOPCAT and pyvo send it. */
export function syncForm(server: TestServer, params: Params): request.Test {
  return request(server.url).post('/tap/sync').type('form').send(params);
}

/** POST /tap/async without following the 303. */
export function createJob(server: TestServer, params: Params, headers: Record<string, string> = {}): request.Test {
  return request(server.url).post('/tap/async').set(headers).type('form').send(params).redirects(0);
}

/** The path of an absolute job URL (a 303 Location). */
export const pathOf = (url: string): string => new URL(url).pathname;

/** The first row of a one-row CSV result, as strings. */
export async function firstCsvRow(server: TestServer, query: string, extra: Params = {}): Promise<string[]> {
  const res = await syncForm(server, { LANG: 'ADQL', QUERY: query, RESPONSEFORMAT: 'csv', ...extra });
  if (res.status !== 200) throw new Error(`query failed (${res.status}): ${res.text}`);
  const lines = res.text.trim().split(/\r?\n/);
  return (lines[lines.length - 1] ?? '').split(',');
}

/**
 * votlint's ERROR lines for each named VOTable text: one `stilts votlint` per document, run side by
 * side (a JVM each starts faster than compiling a batch runner).
 */
export async function votlint(documents: Record<string, string>): Promise<Record<string, string[]>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'interop-votlint-'));
  try {
    const checked = await Promise.all(Object.entries(documents).map(async ([name, text], i) => {
      const file = path.join(dir, `${i}.vot`);
      writeFileSync(file, text);
      const { stdout, stderr } = await run('stilts', ['votlint', `votable=${file}`], { maxBuffer: 16 * 1024 * 1024 });
      return [name, `${stdout}\n${stderr}`.split('\n').filter((line) => /ERROR/.test(line))] as const;
    }));
    return Object.fromEntries(checked);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs one check of py/interop.py (pyvo 1.2.1 and astropy, as the astronomers' scripts use them)
 * and returns the JSON it prints.
 */
export async function pyCheck<T>(check: string, ...args: string[]): Promise<T> {
  const script = path.join(import.meta.dirname, 'py', 'interop.py');
  const { stdout } = await run(PYTHON, [script, check, ...args], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as T;
}

/** Writes `text` to a temporary file for a python check; the caller removes the directory. */
export function tempFile(name: string, text: string | Buffer): { file: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'interop-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
