import { describe, expect, it } from 'vitest';
import { LANGUAGE_FEATURES } from '../../src/adql/features.ts';
import { USER_DEFINED_FUNCTIONS, udfForm } from '../../src/adql/functions.ts';
import { loadConfig } from '../../src/config.ts';
import { OUTPUT_FORMATS } from '../../src/formats/registry.ts';
import { ANONYMOUS } from '../../src/metadata/access.ts';
import { loadTapMetadata } from '../../src/metadata/load.ts';
import { availabilityXml } from '../../src/vosi/availability.ts';
import { capabilitiesXml, vosiCapabilities } from '../../src/vosi/capabilities.ts';
import { tapCapability } from '../../src/vosi/tap-capability.ts';
import { tableXml, tablesetXml } from '../../src/vosi/tables.ts';
import { validateXml } from './xsd.ts';

const metadata = loadTapMetadata().visibleTo(ANONYMOUS);
const limits = loadConfig({}).tap;
const tapUrl = 'http://localhost:8080/tap';
const capabilities = capabilitiesXml([tapCapability(tapUrl, limits), ...vosiCapabilities(tapUrl, { tables: true, examples: true })]);

describe('VOSI documents', () => {
  it('the xmllint check rejects a tableset whose column lacks its dataType xsi:type', () => {
    const broken = '<vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"><schema><name>s</name><table><name>s.t</name>' +
      '<column><name>c</name><dataType>int</dataType></column></table></schema></vosi:tableset>';
    expect(validateXml(broken).valid).toBe(false);
  });

  it('the full tableset is valid VOSITables/VODataService 1.2', () => {
    const result = validateXml(tablesetXml(metadata, 'max'));
    expect(result.messages).toBe('');
    expect(result.valid).toBe(true);
  });

  it('detail=min lists every table without columns, and stays valid', () => {
    const xml = tablesetXml(metadata, 'min');
    expect(validateXml(xml).valid).toBe(true);
    expect(xml).not.toContain('<column');
    for (const t of metadata.tables()) expect(xml).toContain(`<name>${t.qualifiedName}</name>`);
  });

  it('a single table document is valid and carries types, xtypes, flags and foreign keys', () => {
    const forced = metadata.table('pdr3_wide.forced');
    const masks = metadata.table('pdr3_wide.masks');
    if (!forced || !masks) throw new Error('tables missing');
    const xml = tableXml(forced);
    expect(validateXml(xml).valid).toBe(true);
    expect(xml).toContain('<dataType xsi:type="vs:VOTableType" arraysize="2" extendedType="point">double</dataType>');
    expect(xml).toMatch(/<name>object_id<\/name>[\s\S]*?<flag>indexed<\/flag>/);
    expect(tableXml(masks)).toMatch(/<foreignKey>\s*<targetTable>pdr3_wide\.forced<\/targetTable>/);
    expect(tableXml(metadata.table('TAP_SCHEMA.columns') ?? forced)).toMatch(/<column std="true">\s*<name>"size"<\/name>/);
  });

  it('capabilities are valid VOSICapabilities + TAPRegExt with one TAP capability, TAP 1.1 interface', () => {
    const result = validateXml(capabilities);
    expect(result.messages).toBe('');
    expect(result.valid).toBe(true);
    expect(capabilities.match(/standardID="ivo:\/\/ivoa\.net\/std\/TAP"/g)).toHaveLength(1);
    expect(capabilities).toMatch(/<interface xsi:type="vs:ParamHTTP" role="std" version="1\.1">\s*<accessURL use="base">http:\/\/localhost:8080\/tap<\/accessURL>/);
    for (const id of ['VOSI#capabilities', 'VOSI#availability', 'VOSI#tables-1.1', 'DALI#examples']) expect(capabilities).toContain(`ivo://ivoa.net/std/${id}`);
  });

  it('publishes ADQL 2.0 and 2.1 with every feature and UDF the ADQL engine declares', () => {
    expect(capabilities).toContain('<version ivo-id="ivo://ivoa.net/std/ADQL#v2.0">2.0</version>');
    expect(capabilities).toContain('<version ivo-id="ivo://ivoa.net/std/ADQL#v2.1">2.1</version>');
    for (const f of LANGUAGE_FEATURES) expect(capabilities).toMatch(new RegExp(`<languageFeatures type="${f.type}">[\\s\\S]*?<form>${f.form}</form>`));
    const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    for (const fn of USER_DEFINED_FUNCTIONS) expect(capabilities).toContain(`<form>${escapeXml(udfForm(fn))}</form>`);
  });

  it('advertises the output formats of the registry, both upload methods and the configured limits', () => {
    for (const f of OUTPUT_FORMATS) expect(capabilities).toContain(`<mime>${f.mimeType}</mime>`);
    expect(capabilities).toContain('<uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-inline"/>');
    expect(capabilities).toContain('<uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-http"/>');
    expect(capabilities).toContain(`<default unit="row">${limits.maxrecDefault}</default>`);
    expect(capabilities).toContain(`<hard unit="row">${limits.maxrecHard}</hard>`);
    expect(capabilities).toMatch(new RegExp(`<executionDuration>\\s*<default>${limits.executionDefaultSeconds}</default>\\s*<hard>${limits.executionHardSeconds}</hard>`));
    expect(capabilities).toMatch(new RegExp(`<retentionPeriod>\\s*<default>${limits.retentionDefaultSeconds}</default>`));
    expect(capabilities).toContain(`<hard unit="byte">${limits.uploadMaxBytes}</hard>`);
  });

  it('availability documents are valid, up or down', () => {
    const up = availabilityXml({ available: true, upSince: new Date('2026-01-01T00:00:00Z'), notes: ['ok'] });
    expect(validateXml(up).valid).toBe(true);
    expect(up).toContain('<vosi:upSince>2026-01-01T00:00:00Z</vosi:upSince>');
    expect(validateXml(availabilityXml({ available: false, notes: ['database down'] })).valid).toBe(true);
  });
});
