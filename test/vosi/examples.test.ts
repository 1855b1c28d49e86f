import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { create } from 'xmlbuilder2';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { compile } from '../../src/adql/index.ts';
import { ANONYMOUS } from '../../src/metadata/access.ts';
import { adqlMetadata } from '../../src/metadata/adql.ts';
import { loadTapMetadata, voResourcesDir } from '../../src/metadata/load.ts';

const text = fs.readFileSync(path.join(voResourcesDir, 'tap', 'examples.xhtml'), 'utf8');
const metadata = loadTapMetadata().visibleTo(ANONYMOUS);

interface Example {
  id: string;
  resource: string | null;
  names: string[];
  queries: string[];
  tables: string[];
}

/** The few DOM calls used here (the project compiles without the DOM library). */
interface Element {
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  getElementsByTagName(name: string): ArrayLike<Element>;
  readonly textContent: string | null;
}

/** The DALI examples in the document, read with an XML parser as taplint does (E-EXA-EXPA). */
function readExamples(): { vocabs: string[]; examples: Example[] } {
  const doc = create(text).root().node as unknown as Element;
  const all = Array.from(doc.getElementsByTagName('*'));
  const withProperty = (root: Element, property: string): string[] =>
    Array.from(root.getElementsByTagName('*')).filter((e) => e.getAttribute('property') === property).map((e) => e.textContent ?? '');
  return {
    vocabs: all.filter((e) => e.hasAttribute('vocab')).map((e) => e.getAttribute('vocab') ?? ''),
    examples: all.filter((e) => e.getAttribute('typeof') === 'example').map((e) => ({
      id: e.getAttribute('id') ?? '', resource: e.getAttribute('resource'),
      names: withProperty(e, 'name'), queries: withProperty(e, 'query'), tables: withProperty(e, 'table'),
    })),
  };
}

describe('/tap/examples document (DALI 1.1 §2.3)', () => {
  const { vocabs, examples } = readExamples();
  const reader = new pg.Pool({ connectionString: inject('readerUrl'), max: 1 });
  afterAll(async () => { await reader.end(); });

  it('has exactly one examples vocabulary and well-formed examples with a name and a query each', () => {
    expect(vocabs).toEqual(['http://www.ivoa.net/rdf/examples#']);
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const e of examples) {
      expect(e.resource).toBe(`#${e.id}`);
      expect(e.names).toHaveLength(1);
      expect(e.queries).toHaveLength(1);
    }
  });

  it('names only published tables (taplint E-UKTB)', () => {
    for (const e of examples) for (const t of e.tables) expect(metadata.table(t), `${e.id}: ${t}`).toBeDefined();
  });

  it('every query is valid ADQL for the published metadata and runs on the test database', async () => {
    const meta = adqlMetadata(metadata);
    for (const e of examples) {
      const compiled = compile(e.queries[0] ?? '', meta, { limit: 10 });
      expect(compiled.ok ? [] : compiled.errors.map((err) => err.message), e.id).toEqual([]);
      if (!compiled.ok) continue;
      const client = await reader.connect();
      try {
        await client.query("SET statement_timeout = '20s'");
        await expect(client.query(compiled.value.sql), e.id).resolves.toBeDefined();
      } finally {
        client.release();
      }
    }
  });
});
