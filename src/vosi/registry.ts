// The VOResource record of the TAP service (VOResource 1.1 ri:Resource of xsi:type
// vs:CatalogService, VODataService 1.2 §3.2): the human-written part from
// vo-resources/registry/tap-service.json, the capabilities of /capabilities and the tableset.
import fs from 'node:fs';
import path from 'node:path';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { TapMetadata } from '../metadata/catalog.ts';
import { Fields, Problems, isObject } from '../metadata/json.ts';
import { MetadataError, voResourcesDir } from '../metadata/load.ts';
import { type Capability, addCapabilities } from './capabilities.ts';
import { NS, serialize, vosiRoot } from './xml.ts';

export interface ResourceHeader {
  identifier: string;
  title: string;
  shortName: string;
  created: string;
  updated: string;
  publisher: string;
  contact: { name: string; email: string };
  creators: readonly string[];
  subjects: readonly string[];
  description: string;
  referenceURL: string;
  contentLevel: readonly string[];
  type: readonly string[];
}

const strings = (f: Fields, key: string): string[] => f.array(key, true).filter((s): s is string => typeof s === 'string');

/** Reads vo-resources/registry/<name>.json, failing with every problem found. */
export function readResourceHeader(name = 'tap-service', dir = voResourcesDir): ResourceHeader {
  const problems = new Problems();
  const file = path.join(dir, 'registry', `${name}.json`);
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const f = new Fields(isObject(raw) ? raw : {}, file, problems);
  const contact = new Fields(f.object('contact') ?? {}, `${file} contact`, problems);
  const header: ResourceHeader = {
    identifier: f.string('identifier'), title: f.string('title'), shortName: f.string('shortName'),
    created: f.string('created'), updated: f.string('updated'), publisher: f.string('publisher'),
    contact: { name: contact.string('name'), email: contact.string('email') },
    creators: strings(f, 'creators'), subjects: strings(f, 'subjects'), description: f.string('description'),
    referenceURL: f.string('referenceURL'), contentLevel: strings(f, 'contentLevel'), type: strings(f, 'type'),
  };
  contact.done();
  f.done();
  if (problems.list.length > 0) throw new MetadataError(problems.list);
  return header;
}

function addTableset(parent: XMLBuilder, view: TapMetadata): void {
  const set = parent.ele('tableset');
  for (const s of view.schemas) {
    const schema = set.ele('schema');
    schema.ele('name').txt(s.name);
    schema.ele('description').txt(s.description);
    for (const t of s.tables) {
      const table = schema.ele('table').att('type', t.type);
      table.ele('name').txt(t.qualifiedName);
      table.ele('description').txt(t.description);
    }
  }
}

/** The record, ready for a registry (or an OAI-PMH GetRecord answer). */
export function tapServiceRecord(header: ResourceHeader, capabilities: readonly Capability[], view: TapMetadata): string {
  const root = vosiRoot(NS.ri, 'ri:Resource', ['vr', 'vs', 'tr', 'xsi'])
    .att(NS.xsi, 'xsi:type', 'vs:CatalogService')
    .att('created', header.created).att('updated', header.updated).att('status', 'active');
  root.ele('title').txt(header.title);
  root.ele('shortName').txt(header.shortName);
  root.ele('identifier').txt(header.identifier);
  const curation = root.ele('curation');
  curation.ele('publisher').txt(header.publisher);
  for (const c of header.creators) curation.ele('creator').ele('name').txt(c);
  const contact = curation.ele('contact');
  contact.ele('name').txt(header.contact.name);
  contact.ele('email').txt(header.contact.email);
  const content = root.ele('content');
  for (const s of header.subjects) content.ele('subject').txt(s);
  content.ele('description').txt(header.description);
  content.ele('referenceURL').txt(header.referenceURL);
  for (const t of header.type) content.ele('type').txt(t);
  for (const l of header.contentLevel) content.ele('contentLevel').txt(l);
  addCapabilities(root, capabilities);
  addTableset(root, view);
  return serialize(root);
}
