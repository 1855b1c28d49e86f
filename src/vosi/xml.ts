// Namespaces and the root-element helper shared by the VOSI documents (VOSI 1.1 §3; namespace
// URIs as in standards.md §1.0). Elements below the roots are unqualified, as the schemas want.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';

export const NS = {
  capabilities: 'http://www.ivoa.net/xml/VOSICapabilities/v1.0',
  availability: 'http://www.ivoa.net/xml/VOSIAvailability/v1.0',
  tables: 'http://www.ivoa.net/xml/VOSITables/v1.0',
  vr: 'http://www.ivoa.net/xml/VOResource/v1.0',
  vs: 'http://www.ivoa.net/xml/VODataService/v1.1',
  tr: 'http://www.ivoa.net/xml/TAPRegExt/v1.0',
  ri: 'http://www.ivoa.net/xml/RegistryInterface/v1.0',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xmlns: 'http://www.w3.org/2000/xmlns/',
} as const;

export const XML_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** A document whose root is `prefix:name` in `namespace`, declaring the given extra prefixes. */
export function vosiRoot(namespace: string, qualifiedName: string, prefixes: readonly (keyof typeof NS)[]): XMLBuilder {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(namespace, qualifiedName);
  for (const p of prefixes) root.att(NS.xmlns, `xmlns:${p}`, NS[p]);
  return root;
}

/** Adds <name>text</name> (unqualified) when text is defined. */
export function optional(parent: XMLBuilder, name: string, text: string | undefined): XMLBuilder {
  if (text !== undefined) parent.ele(name).txt(text);
  return parent;
}

export const serialize = (root: XMLBuilder): string => root.end({ prettyPrint: true });
