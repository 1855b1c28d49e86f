// SQL text helpers for the PostgreSQL translation: every name quoted, every literal escaped,
// every number checked, so nothing from the query text reaches SQL unexamined.
import { AdqlError, type SourcePosition } from './errors.ts';

export function quoteIdentifier(name: string, at: SourcePosition): string {
  if (name.includes('\u0000')) throw new AdqlError('unsupported', 'names cannot contain NUL characters', at);
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal safe whatever standard_conforming_strings says. */
export function quoteString(value: string, at: SourcePosition): string {
  if (value.includes('\u0000')) throw new AdqlError('unsupported', 'strings cannot contain NUL characters', at);
  const doubled = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${doubled.replace(/\\/g, '\\\\')}'` : `'${doubled}'`;
}

const NUMBER = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** An ADQL numeric literal as SQL: integers as written, others as double precision. */
export function numberLiteral(text: string, form: 'integer' | 'decimal' | 'approximate', at: SourcePosition): string {
  if (!NUMBER.test(text)) throw new AdqlError('syntax', `malformed number ${text}`, at);
  if (form === 'integer' && Number(text) <= 9223372036854775807) return text;
  return `CAST(${text} AS double precision)`;
}

/** A number computed by the engine itself (unit factors, box corners), in full precision. */
export function computedNumber(value: number, at: SourcePosition): string {
  if (!Number.isFinite(value)) throw new AdqlError('type', 'computed value is not a finite number', at);
  return `CAST(${String(value)} AS double precision)`;
}
