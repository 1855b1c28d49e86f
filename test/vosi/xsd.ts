// Validates an XML document against the IVOA schemas kept in test/fixtures/xsd, with Debian's
// xmllint (libxml2-utils), offline. Returns xmllint's verdict and messages.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/config.ts';

const xsdDir = path.join(projectRoot, 'test', 'fixtures', 'xsd');

export interface Validation {
  valid: boolean;
  /** xmllint's errors, without the schema-import notices it prints while compiling. */
  messages: string;
}

export function validateXml(xml: string): Validation {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsd-'));
  const file = path.join(dir, 'document.xml');
  fs.writeFileSync(file, xml);
  try {
    const run = spawnSync('xmllint', ['--nonet', '--noout', '--schema', path.join(xsdDir, 'ivoa-all.xsd'), file], {
      encoding: 'utf8', env: { ...process.env, XML_CATALOG_FILES: path.join(xsdDir, 'catalog.xml') },
    });
    if (run.error) throw run.error;
    const messages = run.stderr.split('\n').filter((l) => l.trim() !== '' && !l.includes('Skipping import of schema') && !l.endsWith(' validates')).join('\n');
    return { valid: run.status === 0 && /validates$/m.test(run.stderr), messages };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
