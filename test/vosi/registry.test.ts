import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ANONYMOUS } from '../../src/metadata/access.ts';
import { loadTapMetadata } from '../../src/metadata/load.ts';
import { vosiCapabilities } from '../../src/vosi/capabilities.ts';
import { readResourceHeader, tapServiceRecord } from '../../src/vosi/registry.ts';
import { tapCapability } from '../../src/vosi/tap-capability.ts';
import { validateXml } from './xsd.ts';

describe('VOResource record of the TAP service', () => {
  const url = 'https://hsc.example.org/tap';
  const record = tapServiceRecord(readResourceHeader(),
    [tapCapability(url, loadConfig({}).tap), ...vosiCapabilities(url, { tables: true, examples: true })],
    loadTapMetadata().visibleTo(ANONYMOUS));

  it('is valid against RegistryInterface, VOResource 1.1, VODataService 1.2 and TAPRegExt (xmllint)', () => {
    const result = validateXml(record);
    expect(result.messages).toBe('');
    expect(result.valid).toBe(true);
  });

  it('identifies the service and carries its TAP capability and tableset', () => {
    expect(record).toMatch(/<ri:Resource [^>]*xsi:type="vs:CatalogService"/);
    expect(record).toContain('<identifier>ivo://hsc-vo.example/tap</identifier>');
    expect(record).toContain('<accessURL use="base">https://hsc.example.org/tap</accessURL>');
    expect(record).toContain('<name>pdr3_dud.photoz_demp</name>');
  });

  it('refuses a record description with a missing field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-'));
    fs.mkdirSync(path.join(dir, 'registry'));
    const { title: _title, ...withoutTitle } = readResourceHeader();
    fs.writeFileSync(path.join(dir, 'registry', 'x.json'), JSON.stringify(withoutTitle));
    expect(() => readResourceHeader('x', dir)).toThrow(/"title" is missing/);
  });
});
