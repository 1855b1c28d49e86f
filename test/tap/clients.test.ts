// Real clients against a live server on the tiny data: pyvo (sync, async with wait, tables,
// upload join) and stilts taplint (every stage it has, including uploads and UWS) with 0 errors.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.ts';

const run = promisify(execFile);

/**
 * taplint findings that are the tool's limits, not the service's, each with the reason. The
 * Debian taplint (STILTS 3.4.7, 2022) predates the ADQL 2.1 Recommendation's feature key
 * ivo://ivoa.net/std/TAPRegExt#features-adql-conditional (COALESCE, NULLIF, GREATEST, LEAST),
 * which ADQL 2.1 §4 defines and which we must declare because we support those functions.
 */
const TOOL_LIMITS: readonly RegExp[] = [
  /^E-CAP-KEYX-\d+ Unknown standard feature key "ivo:\/\/ivoa\.net\/std\/TAPRegExt#features-adql-conditional"/,
];

describe('TAP with real clients', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  it('pyvo runs sync, async, reads tables and joins an upload', async () => {
    const script = path.join(import.meta.dirname, 'py', 'pyvo_tap.py');
    const { stdout } = await run('/usr/bin/python3', [script, server.url, 'upload'], { timeout: 120_000 });
    expect(stdout.trim().split('\n')).toEqual(['ok sync', 'ok async', 'ok tables', 'ok upload']);
  }, 180_000);

  it('stilts taplint reports 0 errors (beyond the listed limits of the tool itself)', async () => {
    const { stdout } = await run('stilts', ['taplint', `tapurl=${server.url}/tap`, 'report=EW', 'maxrepeat=5'],
      { timeout: 600_000, maxBuffer: 64 * 1024 * 1024, cwd: server.config.varDir });
    expect(stdout, stdout.slice(-2000)).toMatch(/^Totals: Errors: \d+;/m);
    const errors = stdout.split('\n').filter((l) => l.startsWith('E-'));
    expect(errors.filter((e) => !TOOL_LIMITS.some((re) => re.test(e)))).toEqual([]);
  }, 660_000);
});
