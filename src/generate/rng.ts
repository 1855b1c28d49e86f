// Deterministic random streams for the synthetic HSC generator (hsc-data.md §4.1): SplitMix64
// hashing of (seed, kind, ids...) seeds a xoshiro128** generator in 32-bit arithmetic.

const MASK64 = (1n << 64n) - 1n;

/** One SplitMix64 step: returns the mixed output for state + golden gamma. */
function splitMix64(state: bigint): bigint {
  let z = (state + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** FNV-1a 64 of a string, so stream kinds ('truth', 'noise'...) become well-spread integers. */
function hashKind(kind: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < kind.length; i++) {
    h ^= BigInt(kind.charCodeAt(i));
    h = (h * 0x100000001b3n) & MASK64;
  }
  return h;
}

/** A stream id: non-negative integers (number or bigint). Negative numbers are folded in two's complement. */
export type StreamId = number | bigint;

/**
 * 64-bit hash of a global seed, a stream kind and integer ids: `hash64(seed, kind, ids...)` of §4.1.
 * Each id is absorbed by XOR then a SplitMix64 round, so (1,23) and (12,3) differ.
 */
export function hash64(seed: StreamId, kind: string, ...ids: StreamId[]): bigint {
  let h = splitMix64(BigInt.asUintN(64, BigInt(seed)) ^ hashKind(kind));
  for (const id of ids) {
    h = splitMix64(h ^ BigInt.asUintN(64, BigInt(id)));
  }
  return h;
}

const INV_2_32 = 1 / 4294967296;

/**
 * xoshiro128** (Blackman & Vigna) with distribution helpers. All state is four uint32 held in
 * numbers; Math.imul keeps the arithmetic 32-bit and fast.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = 0;
  private hasSpare = false;

  /** Seeds the four state words from a 64-bit value expanded by two more SplitMix64 rounds. */
  constructor(seed64: bigint) {
    const s1 = splitMix64(seed64);
    const s2 = splitMix64(s1);
    this.a = Number(s1 & 0xffffffffn) | 0;
    this.b = Number(s1 >> 32n) | 0;
    this.c = Number(s2 & 0xffffffffn) | 0;
    this.d = Number(s2 >> 32n) | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // the all-zero state is a fixed point
  }

  /** Next raw 32-bit output as an unsigned integer in [0, 2^32). */
  nextU32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r >>> 0;
  }

  /** Uniform in the open interval (0, 1): never 0, so log(uniform()) is always finite. */
  uniform(): number {
    return (this.nextU32() + 0.5) * INV_2_32;
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer uniform in [0, n) for n ≤ 2^32. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** Standard normal N(0, 1), Marsaglia polar method (pairs cached). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** Normal with mean mu and standard deviation sigma. */
  gauss(mu: number, sigma: number): number {
    return mu + sigma * this.normal();
  }

  /** Lognormal: exp(N(mu, sigma)), so the median is exp(mu). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Exponential with rate 1. */
  exponential(): number {
    return -Math.log(this.uniform());
  }

  /** Gamma(shape k, scale 1): Marsaglia–Tsang, with the k < 1 boost. */
  gamma(k: number): number {
    if (k < 1) return this.gamma(k + 1) * Math.pow(this.uniform(), 1 / k);
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) from two gamma variates. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  /**
   * Beta(a, b) for small integer shapes (a + b ≤ 17): the a-th smallest of a + b − 1 uniforms.
   * No logarithms, so several times cheaper than beta() in hot loops.
   */
  betaInt(a: number, b: number): number {
    const n = a + b - 1;
    const s = ORDER_SCRATCH;
    for (let i = 0; i < n; i++) {
      const u = this.uniform();
      let j = i;
      while (j > 0 && (s[j - 1] as number) > u) {
        s[j] = s[j - 1] as number;
        j--;
      }
      s[j] = u;
    }
    return s[a - 1] as number;
  }

  /**
   * Poisson(lambda): multiplication method below 30, Hörmann's PTRS transformed rejection above
   * (exact for every lambda, constant expected time).
   */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda < 30) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    const slam = Math.sqrt(lambda);
    const logLam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const lhs = Math.log(v * invAlpha / (a / (us * us) + b));
      const rhs = -lambda + k * logLam - logFactorial(k);
      if (lhs <= rhs) return k;
    }
  }
}

const ORDER_SCRATCH = new Float64Array(16);

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** log(k!) via Stirling's series (exact table below 16). */
function logFactorial(k: number): number {
  if (k < LOG_FACT.length) return LOG_FACT[k] as number;
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

const LOG_FACT: number[] = (() => {
  const t = [0];
  for (let i = 1; i < 16; i++) t.push((t[i - 1] as number) + Math.log(i));
  return t;
})();

/**
 * The stream for one unit of work: `streamFor(seed, 'truth', tract, patchX, patchY)`.
 * Same arguments, same sequence, on any machine.
 */
export function streamFor(seed: StreamId, kind: string, ...ids: StreamId[]): Rng {
  return new Rng(hash64(seed, kind, ...ids));
}
