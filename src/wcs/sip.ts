// SIP distortion polynomials (Shupe et al. 2005, the SIP convention for FITS): A_p_q/B_p_q
// forward, AP_p_q/BP_p_q inverse, relative to CRPIX in pixel units.
import { findCard, headerNumber, integerCard, realCard, type HeaderCard } from '../fits/header.ts';

export interface SipTerm {
  p: number;
  q: number;
  c: number;
}

export interface SipPolynomial {
  order: number;
  terms: SipTerm[];
}

/** Forward (A, B: pixel offset -> distortion to add) and optional inverse (AP, BP). */
export interface SipDistortion {
  a: SipPolynomial;
  b: SipPolynomial;
  ap?: SipPolynomial;
  bp?: SipPolynomial;
}

export function evaluate(poly: SipPolynomial, u: number, v: number): number {
  let s = 0;
  for (const t of poly.terms) s += t.c * u ** t.p * v ** t.q;
  return s;
}

/** Reads one polynomial (e.g. prefix 'A' -> A_ORDER, A_p_q); undefined when A_ORDER is absent. */
export function readSipPolynomial(cards: readonly HeaderCard[], prefix: string): SipPolynomial | undefined {
  const order = headerNumber(cards, `${prefix}_ORDER`);
  if (order === undefined) return undefined;
  const terms: SipTerm[] = [];
  for (let p = 0; p <= order; p++) {
    for (let q = 0; p + q <= order; q++) {
      const c = headerNumber(cards, `${prefix}_${p}_${q}`);
      if (c !== undefined && c !== 0) terms.push({ p, q, c });
    }
  }
  return { order, terms };
}

export function readSip(cards: readonly HeaderCard[]): SipDistortion | undefined {
  const a = readSipPolynomial(cards, 'A');
  const b = readSipPolynomial(cards, 'B');
  if (!a || !b) return undefined;
  const ap = readSipPolynomial(cards, 'AP');
  const bp = readSipPolynomial(cards, 'BP');
  return { a, b, ...(ap && bp ? { ap, bp } : {}) };
}

export function sipCards(sip: SipDistortion): HeaderCard[] {
  const out: HeaderCard[] = [];
  const polys: [string, SipPolynomial | undefined][] = [
    ['A', sip.a],
    ['B', sip.b],
    ['AP', sip.ap],
    ['BP', sip.bp],
  ];
  for (const [prefix, poly] of polys) {
    if (!poly) continue;
    out.push(integerCard(`${prefix}_ORDER`, poly.order));
    for (const t of poly.terms) out.push(realCard(`${prefix}_${t.p}_${t.q}`, t.c));
  }
  return out;
}

export function hasSipCtype(cards: readonly HeaderCard[]): boolean {
  const v = findCard(cards, 'CTYPE1')?.value;
  return v?.type === 'string' && v.value.endsWith('-SIP');
}
