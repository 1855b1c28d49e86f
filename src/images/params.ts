// DALI 1.1 §3 parameters of the image services: names case-insensitive, repeated values kept in
// order, single-valued ones refused when repeated; numeric intervals with ±Inf (DALI §3.3.4).
import { usageError } from '../http/errors.ts';
import type { NamedValue } from '../uws/parameters.ts';

export class DaliParams {
  private readonly byName = new Map<string, string[]>();

  constructor(values: readonly NamedValue[]) {
    for (const { name, value } of values) {
      const key = name.trim().toUpperCase();
      this.byName.set(key, [...(this.byName.get(key) ?? []), value]);
    }
  }

  /** Every value of a parameter, in request order (empty values dropped). */
  all(name: string): string[] {
    return (this.byName.get(name) ?? []).filter((v) => v.trim() !== '');
  }

  /** The value of a single-valued parameter; a repeated one is a usage error (DALI §3.2). */
  single(name: string): string | undefined {
    const values = this.all(name);
    if (values.length > 1) throw usageError(`${name} may be given only once`, 'MultiValuedParamNotSupported');
    return values[0];
  }

  has(name: string): boolean {
    return this.all(name).length > 0;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}

/** A number in VOTable syntax, with -Inf/+Inf allowed when `infinite` (DALI §3.3.4 intervals). */
export function parseNumber(text: string, what: string, infinite = false): number {
  const t = text.trim();
  const n = /^[+-]?inf(inity)?$/i.test(t) && infinite ? (t.startsWith('-') ? -Infinity : Infinity) : Number(t);
  if (t === '' || Number.isNaN(n) || (!infinite && !Number.isFinite(n))) throw usageError(`${what}: "${text}" is not a number`);
  return n;
}

export function parseNumbers(text: string, what: string, infinite = false): number[] {
  return text.trim().split(/\s+/).filter((s) => s !== '').map((s) => parseNumber(s, what, infinite));
}

export interface Interval {
  lo: number;
  hi: number;
}

/** `lo hi` (or one value v meaning [v, v]), bounds inclusive, ±Inf open. */
export function parseInterval(text: string, what: string): Interval {
  const n = parseNumbers(text, what, true);
  if (n.length === 1 && Number.isFinite(n[0])) return { lo: n[0] as number, hi: n[0] as number };
  if (n.length !== 2) throw usageError(`${what}: "${text}" must be an interval "lo hi"`);
  const [lo, hi] = n as [number, number];
  if (lo > hi) throw usageError(`${what}: the lower bound ${lo} is above the upper bound ${hi}`);
  return { lo, hi };
}
