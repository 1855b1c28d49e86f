// VOSI-capabilities document (VOSI 1.1 §3.1, VOResource 1.1 capability/interface, TAPRegExt 1.0
// §2 tr:TableAccess): every capability of one service, children in the schemas' order.
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { NS, optional, serialize, vosiRoot } from './xml.ts';

export const STANDARD_ID = {
  tap: 'ivo://ivoa.net/std/TAP',
  capabilities: 'ivo://ivoa.net/std/VOSI#capabilities',
  availability: 'ivo://ivoa.net/std/VOSI#availability',
  tables: 'ivo://ivoa.net/std/VOSI#tables-1.1',
  examples: 'ivo://ivoa.net/std/DALI#examples',
} as const;

export interface QueryLanguage {
  name: string;
  versions: readonly { version: string; ivoId?: string }[];
  description?: string;
  features: readonly { type: string; forms: readonly { form: string; description?: string }[] }[];
}

export interface OutputFormatEntry {
  mime: string;
  aliases: readonly string[];
  ivoId?: string;
}

/** default/hard pairs of TAPRegExt (seconds, or rows/bytes with their unit). */
export interface Limit {
  default?: number;
  hard?: number;
}

/** The content of a tr:TableAccess capability (TAPRegExt 1.0 §2). */
export interface TableAccess {
  dataModels: readonly { ivoId: string; name: string }[];
  languages: readonly QueryLanguage[];
  outputFormats: readonly OutputFormatEntry[];
  uploadMethods: readonly string[];
  retentionPeriod?: Limit;
  executionDuration?: Limit;
  outputLimit?: Limit & { unit: 'row' | 'byte' };
  uploadLimit?: Limit & { unit: 'row' | 'byte' };
}

export type Capability =
  /** The TAP service itself: accessURL use="base", interface role="std" version="1.1" (TAP 1.1 §2.4). */
  | { kind: 'tap'; url: string; access: TableAccess }
  /** A VOSI endpoint: vs:ParamHTTP with accessURL use="full" (VOSI 1.1 §4). */
  | { kind: 'vosi'; standardID: string; url: string; version: string }
  /** DALI examples: a vr:WebBrowser interface (DALI 1.1 §2.3). */
  | { kind: 'examples'; url: string }
  /** Any other HTTP-parameter protocol (SIA 2.0, DataLink, SODA...). */
  | { kind: 'paramHttp'; standardID: string; url: string; use: 'full' | 'base'; role?: 'std'; version?: string; description?: string };

function addInterface(cap: XMLBuilder, type: 'vs:ParamHTTP' | 'vr:WebBrowser', url: string, use: 'full' | 'base',
  attrs: { role?: string; version?: string } = {}): void {
  const intf = cap.ele('interface').att(NS.xsi, 'xsi:type', type);
  if (attrs.role) intf.att('role', attrs.role);
  if (attrs.version) intf.att('version', attrs.version);
  intf.ele('accessURL').att('use', use).txt(url);
}

function addLimit(parent: XMLBuilder, name: string, limit: Limit | undefined, unit?: string): void {
  if (!limit) return;
  const el = parent.ele(name);
  for (const which of ['default', 'hard'] as const) {
    const value = limit[which];
    if (value === undefined) continue;
    const child = el.ele(which);
    if (unit) child.att('unit', unit);
    child.txt(String(value));
  }
}

function addTableAccess(cap: XMLBuilder, a: TableAccess): void {
  for (const dm of a.dataModels) cap.ele('dataModel').att('ivo-id', dm.ivoId).txt(dm.name);
  for (const lang of a.languages) {
    const l = cap.ele('language');
    l.ele('name').txt(lang.name);
    for (const v of lang.versions) {
      const version = l.ele('version');
      if (v.ivoId) version.att('ivo-id', v.ivoId);
      version.txt(v.version);
    }
    optional(l, 'description', lang.description);
    for (const group of lang.features) {
      const lf = l.ele('languageFeatures').att('type', group.type);
      for (const f of group.forms) optional(lf.ele('feature').ele('form').txt(f.form).up(), 'description', f.description);
    }
  }
  for (const f of a.outputFormats) {
    const of = cap.ele('outputFormat');
    if (f.ivoId) of.att('ivo-id', f.ivoId);
    of.ele('mime').txt(f.mime);
    for (const alias of f.aliases) of.ele('alias').txt(alias);
  }
  for (const m of a.uploadMethods) cap.ele('uploadMethod').att('ivo-id', m);
  addLimit(cap, 'retentionPeriod', a.retentionPeriod);
  addLimit(cap, 'executionDuration', a.executionDuration);
  addLimit(cap, 'outputLimit', a.outputLimit, a.outputLimit?.unit);
  addLimit(cap, 'uploadLimit', a.uploadLimit, a.uploadLimit?.unit);
}

function addCapability(root: XMLBuilder, c: Capability): void {
  switch (c.kind) {
    case 'tap': {
      const cap = root.ele('capability').att('standardID', STANDARD_ID.tap).att(NS.xsi, 'xsi:type', 'tr:TableAccess');
      addInterface(cap, 'vs:ParamHTTP', c.url, 'base', { role: 'std', version: '1.1' });
      addTableAccess(cap, c.access);
      return;
    }
    case 'vosi':
      addInterface(root.ele('capability').att('standardID', c.standardID), 'vs:ParamHTTP', c.url, 'full', { version: c.version });
      return;
    case 'examples':
      addInterface(root.ele('capability').att('standardID', STANDARD_ID.examples), 'vr:WebBrowser', c.url, 'full');
      return;
    case 'paramHttp': {
      const cap = root.ele('capability').att('standardID', c.standardID);
      optional(cap, 'description', c.description);
      addInterface(cap, 'vs:ParamHTTP', c.url, c.use, { ...(c.role ? { role: c.role } : {}), ...(c.version ? { version: c.version } : {}) });
      return;
    }
    default: {
      const never: never = c;
      return never;
    }
  }
}

/** Fills a capability-holding element (vosi:capabilities or a VOResource record) in order. */
export function addCapabilities(parent: XMLBuilder, capabilities: readonly Capability[]): void {
  for (const c of capabilities) addCapability(parent, c);
}

/** GET {service}/capabilities. */
export function capabilitiesXml(capabilities: readonly Capability[]): string {
  const root = vosiRoot(NS.capabilities, 'vosi:capabilities', ['vr', 'vs', 'tr', 'xsi']);
  addCapabilities(root, capabilities);
  return serialize(root);
}

/** The VOSI capabilities a service under `serviceUrl` offers, tables only where it publishes them. */
export function vosiCapabilities(serviceUrl: string, opts: { tables: boolean; examples: boolean }): Capability[] {
  return [
    { kind: 'vosi', standardID: STANDARD_ID.capabilities, url: `${serviceUrl}/capabilities`, version: '1.0' },
    { kind: 'vosi', standardID: STANDARD_ID.availability, url: `${serviceUrl}/availability`, version: '1.0' },
    ...(opts.tables ? [{ kind: 'vosi', standardID: STANDARD_ID.tables, url: `${serviceUrl}/tables`, version: '1.1' } as const] : []),
    ...(opts.examples ? [{ kind: 'examples', url: `${serviceUrl}/examples` } as const] : []),
  ];
}
