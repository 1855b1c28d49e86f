// One registry of result formats (DALI 1.1 §3.4 RESPONSEFORMAT, TAP 1.1 §2.7.3): each writer
// with its MIME type, aliases and TAPRegExt id; resolves a RESPONSEFORMAT value to a writer.
import { CSV, delimitedCopyWriter, delimitedWriter, TSV } from './delimited.ts';
import { fitsCopyWriter, writeFits } from './fits.ts';
import { gzipped, gzippedCopy } from './gzip.ts';
import { writeSqlite } from './sqlite.ts';
import type { CopyWriter, ResultWriter } from './types.ts';
import { votableCopyWriter, votableWriter } from './votable/writer.ts';

export type FormatKey = 'votable' | 'votable-binary2' | 'csv' | 'tsv' | 'fits' | 'csv.gz' | 'sqlite3';

export interface OutputFormat {
  key: FormatKey;
  /** Content-Type sent when the client named the format by an alias. */
  mimeType: string;
  /** Every RESPONSEFORMAT value accepted for it (compared without case and spaces). */
  aliases: readonly string[];
  /** TAPRegExt outputFormat ivo-id, when the standard defines one. */
  ivoId?: string;
  fileExtension: string;
  /** One line for capabilities and documentation (csv.gz is a file: no Content-Encoding). */
  description: string;
  /**
   * Whether a failure after the first row can be said inside the document (VOTable INFO, FITS
   * card, SQLite table). Where it cannot (CSV, TSV), the transfer must be broken off instead, so a
   * truncated file is never taken for a complete one.
   */
  reportsErrorsInline: boolean;
  write: ResultWriter;
  /**
   * The same output from PostgreSQL COPY, without a JavaScript value per cell (2-5× less CPU),
   * for results whose columns all have a COPY type; `write` serves the others.
   */
  copy?: CopyWriter;
}

export const OUTPUT_FORMATS: readonly OutputFormat[] = [
  {
    key: 'votable',
    reportsErrorsInline: true,
    mimeType: 'application/x-votable+xml',
    aliases: ['votable', 'votable/td', 'votabletd', 'application/x-votable+xml', 'text/xml', 'application/xml',
      'text/x-votable+xml', 'application/x-votable+xml;serialization=tabledata', 'votable_td'],
    ivoId: 'ivo://ivoa.net/std/TAPRegExt#output-votable-td',
    fileExtension: 'vot',
    description: 'VOTable 1.4, TABLEDATA serialization',
    write: votableWriter('TABLEDATA'),
    copy: votableCopyWriter('TABLEDATA'),
  },
  {
    key: 'votable-binary2',
    reportsErrorsInline: true,
    mimeType: 'application/x-votable+xml;serialization=BINARY2',
    aliases: ['votable/b2', 'votableb2', 'votable_b2', 'binary2', 'application/x-votable+xml;serialization=binary2'],
    ivoId: 'ivo://ivoa.net/std/TAPRegExt#output-votable-binary2',
    fileExtension: 'vot',
    description: 'VOTable 1.4, BINARY2 serialization (base64, with null flags)',
    write: votableWriter('BINARY2'),
    copy: votableCopyWriter('BINARY2'),
  },
  {
    key: 'csv',
    reportsErrorsInline: false,
    mimeType: 'text/csv;header=present',
    aliases: ['csv', 'text/csv', 'text/csv;header=present'],
    fileExtension: 'csv',
    description: 'comma-separated values (RFC 4180) with a header line',
    write: delimitedWriter(CSV),
    copy: delimitedCopyWriter(CSV),
  },
  {
    key: 'tsv',
    reportsErrorsInline: false,
    mimeType: 'text/tab-separated-values',
    aliases: ['tsv', 'text/tab-separated-values', 'tab-separated-values'],
    fileExtension: 'tsv',
    description: 'tab-separated values with a header line',
    write: delimitedWriter(TSV),
    copy: delimitedCopyWriter(TSV),
  },
  {
    key: 'fits',
    reportsErrorsInline: true,
    mimeType: 'application/fits',
    aliases: ['fits', 'application/fits', 'image/fits', 'application/x-fits-bintable'],
    fileExtension: 'fits',
    description: 'FITS binary table (BINTABLE)',
    write: writeFits,
    copy: fitsCopyWriter,
  },
  {
    key: 'csv.gz',
    reportsErrorsInline: false,
    mimeType: 'application/gzip',
    aliases: ['csv.gz', 'csvgz', 'csv-gz', 'application/gzip', 'application/x-gzip', 'text/csv+gzip'],
    fileExtension: 'csv.gz',
    description: 'gzip-compressed CSV (the HSC archive download)',
    write: gzipped(delimitedWriter(CSV)),
    copy: gzippedCopy(delimitedCopyWriter(CSV)),
  },
  {
    key: 'sqlite3',
    reportsErrorsInline: true,
    mimeType: 'application/vnd.sqlite3',
    aliases: ['sqlite3', 'sqlite', 'application/vnd.sqlite3', 'application/x-sqlite3'],
    fileExtension: 'sqlite3',
    description: 'SQLite 3 database file with tables result, result_columns and query_info',
    write: writeSqlite,
  },
];

/** RESPONSEFORMAT asked for something no writer produces (a usage error: HTTP 400). */
export class UnsupportedFormatError extends Error {
  override name = 'UnsupportedFormatError';
  readonly status = 400;
  constructor(readonly requested: string, readonly accepted: readonly string[]) {
    super(`unsupported RESPONSEFORMAT '${requested}'; accepted values: ${accepted.join(', ')}`);
  }
}

export interface ResolvedFormat {
  format: OutputFormat;
  /** DALI 1.1 §3.4: a client that asked for a MIME type gets exactly that Content-Type. */
  contentType: string;
}

const normalize = (value: string): string => value.trim().toLowerCase().replace(/\s+/g, '');

const BY_ALIAS = new Map<string, OutputFormat>();
for (const format of OUTPUT_FORMATS) {
  for (const alias of new Set([format.key, ...format.aliases])) {
    const key = normalize(alias);
    if (BY_ALIAS.has(key)) throw new Error(`format alias '${alias}' is registered twice`);
    BY_ALIAS.set(key, format);
  }
}

export const DEFAULT_FORMAT = OUTPUT_FORMATS[0] as OutputFormat;

/**
 * The writer for a RESPONSEFORMAT (or FORMAT) value; absent or empty means VOTable. A MIME type
 * with parameters no alias lists (e.g. a charset) falls back to its bare type.
 */
export function resolveFormat(value: string | undefined): ResolvedFormat {
  if (value === undefined || value.trim() === '') return { format: DEFAULT_FORMAT, contentType: DEFAULT_FORMAT.mimeType };
  const exact = BY_ALIAS.get(normalize(value));
  const format = exact ?? BY_ALIAS.get(normalize(value.split(';')[0] ?? ''));
  if (!format) throw new UnsupportedFormatError(value, OUTPUT_FORMATS.flatMap((f) => f.aliases));
  return { format, contentType: isMimeType(value) ? value.trim() : format.mimeType };
}

/**
 * Whether a RESPONSEFORMAT value is a MIME type (echoed as the Content-Type) rather than a short
 * name: 'votable/td' and 'votable/b2' hold a slash but are names, and were sent back as the
 * Content-Type 'votable/td', which no client can read (anchors §2 A7).
 */
function isMimeType(value: string): boolean {
  return /^(application|text|image)\/[^/\s]+$/i.test(value.trim().split(';')[0]?.trim() ?? '');
}
