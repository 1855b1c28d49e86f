// Reads the IVOA lyonetia ADQL validation queries (never copied into the project) for the conformance test.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseUdfForm, type FunctionSignature } from '../../src/adql/functions.ts';

export interface LyonetiaQuery {
  readonly file: string;
  readonly index: number;
  readonly valid: boolean;
  readonly adql: string;
  /** UDFs the file or the query declares in <functions><function><form>. */
  readonly functions: readonly FunctionSignature[];
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LYONETIA_DIR = process.env.ADQL_LYONETIA_DIR ?? path.resolve(projectRoot, '..', 'shared', 'research', 'ref', 'lyonetia');

function xmlText(raw: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw);
  if (cdata) return cdata[1] ?? '';
  return raw
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function declaredFunctions(xml: string): FunctionSignature[] {
  return [...xml.matchAll(/<form>([\s\S]*?)<\/form>/g)]
    .map((m) => parseUdfForm(xmlText(m[1] ?? '')))
    .filter((f): f is FunctionSignature => f !== undefined);
}

function listXml(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listXml(full);
    return entry.name.endsWith('.xml') ? [full] : [];
  });
}

export function readLyonetia(root: string = LYONETIA_DIR): LyonetiaQuery[] {
  const queries: LyonetiaQuery[] = [];
  for (const file of listXml(path.join(root, 'adql')).sort()) {
    const xml = readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    const header = xml.split(/<query[\s>]/)[0] ?? '';
    const fileFunctions = declaredFunctions(header);
    const blocks = xml.split(/<query[\s>]/).slice(1);
    for (const block of blocks) {
      const queryFunctions = declaredFunctions(block.replace(/<adql[\s\S]*$/, ''));
      for (const m of block.matchAll(/<adql([^>]*)>([\s\S]*?)<\/adql>/g)) {
        const valid = /valid\s*=\s*["']true["']/.test(m[1] ?? '');
        queries.push({
          file: path.relative(root, file), index: queries.length, valid, adql: xmlText(m[2] ?? '').trim(),
          functions: [...fileFunctions, ...queryFunctions],
        });
      }
    }
  }
  return queries;
}
