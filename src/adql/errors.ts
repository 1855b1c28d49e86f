// The one error type of the ADQL engine: what went wrong, where, and what would have fitted,
// ready for a VOTable error document (TAP 1.1 §2.9) or the portal's editor.

/** A place in the query text: 1-based line and column, 0-based character offset. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/**
 * syntax: the text is not ADQL; unknown: a table, column or function that does not exist
 * (or is not visible to the caller); type: arguments of the wrong type; unsupported: valid
 * ADQL this service declines (an optional feature it does not offer, a limit exceeded).
 */
export type AdqlErrorKind = 'syntax' | 'unknown' | 'type' | 'unsupported';

export interface AdqlErrorDetails {
  readonly expected?: readonly string[];
  readonly suggestions?: readonly string[];
}

export class AdqlError extends Error {
  readonly kind: AdqlErrorKind;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly expected: readonly string[];
  readonly suggestions: readonly string[];

  constructor(kind: AdqlErrorKind, message: string, at: SourcePosition, details: AdqlErrorDetails = {}) {
    super(message);
    this.name = 'AdqlError';
    this.kind = kind;
    this.line = at.line;
    this.column = at.column;
    this.offset = at.offset;
    this.expected = details.expected ?? [];
    this.suggestions = details.suggestions ?? [];
  }

  /** One line for logs and error documents: "line 3, column 7: unknown column foo (did you mean fo?)". */
  describe(): string {
    const hint = this.suggestions.length > 0 ? ` (did you mean ${this.suggestions.join(' or ')}?)` : '';
    return `line ${this.line}, column ${this.column}: ${this.message}${hint}`;
  }
}

/** Every step of the engine answers with this: a value, or all the problems found. */
export type AdqlResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly AdqlError[] };

export const START_OF_TEXT: SourcePosition = { line: 1, column: 1, offset: 0 };
