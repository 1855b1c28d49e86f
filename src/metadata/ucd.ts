// UCD1+ check (IVOA UCD 1.1 §3 syntax, words from the UCD1+ controlled vocabulary with their
// P/S/Q/E/C/V codes): the first word must be usable as primary, the others as secondary.
import fs from 'node:fs';

export interface UcdVocabulary {
  readonly primary: ReadonlySet<string>;
  readonly secondary: ReadonlySet<string>;
}

/** Reads the vocabulary file (lines "Q|word |description", as the IVOA distributes it). */
export function readUcdVocabulary(file: string): UcdVocabulary {
  const primary = new Set<string>();
  const secondary = new Set<string>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [code, word] = line.split('|').map((p) => p.trim());
    if (!code || !word) continue;
    if ('QPEVC'.includes(code)) primary.add(word.toLowerCase());
    if ('QSEVC'.includes(code)) secondary.add(word.toLowerCase());
  }
  return { primary, secondary };
}

const WORD = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9][A-Za-z0-9_-]*)*$/;

/** Why the UCD is not valid, or undefined when it is. */
export function ucdProblem(ucd: string, vocabulary: UcdVocabulary): string | undefined {
  const words = ucd.split(';');
  for (const [i, word] of words.entries()) {
    if (!WORD.test(word)) return `"${word}" is not a UCD word`;
    const w = word.toLowerCase();
    const known = vocabulary.primary.has(w) || vocabulary.secondary.has(w);
    if (!known) return `"${word}" is not in the UCD1+ vocabulary`;
    if (i === 0 && !vocabulary.primary.has(w)) return `"${word}" cannot be the first (primary) word`;
    if (i > 0 && !vocabulary.secondary.has(w)) return `"${word}" cannot be a secondary word`;
  }
  return undefined;
}
