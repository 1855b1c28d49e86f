// Runs a snippet of Debian's /usr/bin/python3 (with astropy) and returns the JSON it prints,
// so FITS and WCS tests can compare against the reference implementation.
import { execFileSync } from 'node:child_process';

export function astropyJson<T>(script: string, input?: unknown): T {
  const out = execFileSync('/usr/bin/python3', ['-c', script], {
    input: input === undefined ? '' : JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, PYTHONWARNINGS: 'ignore' },
  });
  return JSON.parse(out) as T;
}
