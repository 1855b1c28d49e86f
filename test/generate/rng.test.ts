// Deterministic random streams: same seed and ids, same numbers; the helpers have the right moments.
import { describe, it, expect } from 'vitest';
import { hash64, streamFor } from '../../src/generate/rng.ts';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    s += v;
    s2 += v * v;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe('streamFor', () => {
  it('gives the same sequence for the same seed, kind and ids', () => {
    const a = streamFor(42, 'truth', 9560, 4, 4);
    const b = streamFor(42, 'truth', 9560, 4, 4);
    for (let i = 0; i < 100; i++) expect(a.nextU32()).toBe(b.nextU32());
  });

  it('gives different sequences when any of seed, kind or ids change', () => {
    const first = (r: ReturnType<typeof streamFor>): number => r.nextU32();
    const base = first(streamFor(42, 'truth', 9560, 4, 4));
    expect(first(streamFor(43, 'truth', 9560, 4, 4))).not.toBe(base);
    expect(first(streamFor(42, 'noise', 9560, 4, 4))).not.toBe(base);
    expect(first(streamFor(42, 'truth', 9560, 4, 5))).not.toBe(base);
    expect(hash64(1, 'k', 1, 23)).not.toBe(hash64(1, 'k', 12, 3));
  });

  it('draws uniforms in the open interval (0, 1) with mean 1/2', () => {
    const r = streamFor(1, 'u');
    let min = 1;
    let max = 0;
    const m = moments(() => {
      const u = r.uniform();
      min = Math.min(min, u);
      max = Math.max(max, u);
      return u;
    }, 200_000);
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    expect(m.mean).toBeCloseTo(0.5, 2);
    expect(m.variance).toBeCloseTo(1 / 12, 2);
  });

  it('draws standard normals with mean 0 and variance 1', () => {
    const r = streamFor(2, 'n');
    const m = moments(() => r.normal(), 200_000);
    expect(Math.abs(m.mean)).toBeLessThan(0.01);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.02);
  });

  it.each([0.5, 4, 12, 45, 300])('draws Poisson(%f) with mean and variance lambda', (lambda) => {
    const r = streamFor(3, 'p', lambda * 10);
    const m = moments(() => r.poisson(lambda), 100_000);
    expect(Math.abs(m.mean - lambda) / lambda).toBeLessThan(0.02);
    expect(Math.abs(m.variance - lambda) / lambda).toBeLessThan(0.05);
  });

  it('draws Beta(5, 2) with mean 5/7 and gamma(k) with mean k', () => {
    const r = streamFor(4, 'b');
    expect(moments(() => r.beta(5, 2), 50_000).mean).toBeCloseTo(5 / 7, 2);
    expect(moments(() => r.gamma(0.5), 50_000).mean).toBeCloseTo(0.5, 1);
    expect(moments(() => r.gamma(3), 50_000).mean).toBeCloseTo(3, 1);
  });

  it.each([[5, 2], [1, 6], [2, 3]])('draws integer-shape Beta(%i, %i) with the beta mean and variance', (a, b) => {
    const r = streamFor(6, 'beta-int', a, b);
    const m = moments(() => r.betaInt(a, b), 100_000);
    const mean = a / (a + b);
    expect(m.mean).toBeCloseTo(mean, 2);
    expect(m.variance).toBeCloseTo((mean * (1 - mean)) / (a + b + 1), 3);
  });

  it('draws lognormals with median exp(mu)', () => {
    const r = streamFor(5, 'l');
    const v = Array.from({ length: 20_001 }, () => r.lognormal(Math.log(0.6), 0.15)).sort((a, b) => a - b);
    expect(v[10_000]).toBeCloseTo(0.6, 2);
  });
});
