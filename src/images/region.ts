// Sky regions of SIA 2.0 POS (§2.1.1) and SODA CIRCLE/POLYGON/POS (SODA 1.0 §3.3): parsed from
// their DALI/SIA text forms into values, and expressed as pg_sphere SQL for the ObsCore queries.
import { usageError } from '../http/errors.ts';
import { parseNumbers } from './params.ts';

export type SkyRegion =
  | { type: 'circle'; ra: number; dec: number; radius: number }
  /** RA and Dec ranges (degrees); ±Inf open, RA may wrap (ra1 > ra2). */
  | { type: 'range'; ra1: number; ra2: number; dec1: number; dec2: number }
  | { type: 'polygon'; vertices: [number, number][] };

function checkPosition(ra: number, dec: number, what: string): void {
  if (!(ra >= 0 && ra <= 360) || !(dec >= -90 && dec <= 90)) {
    throw usageError(`${what}: position (${ra}, ${dec}) must have 0 <= ra <= 360 and -90 <= dec <= 90 (degrees)`);
  }
}

/** DALI circle: `ra dec radius` (degrees, 0 < radius <= 180). */
export function parseCircle(text: string, what = 'CIRCLE'): SkyRegion {
  const n = parseNumbers(text, what);
  if (n.length !== 3) throw usageError(`${what}: "${text}" must be "ra dec radius" in degrees`);
  const [ra, dec, radius] = n as [number, number, number];
  checkPosition(ra, dec, what);
  if (!(radius > 0 && radius <= 180)) throw usageError(`${what}: radius ${radius} must be in (0, 180] degrees`);
  return { type: 'circle', ra, dec, radius };
}

/** DALI polygon: `ra1 dec1 ra2 dec2 ra3 dec3 ...` (at least 3 vertices). */
export function parsePolygon(text: string, what = 'POLYGON'): SkyRegion {
  const n = parseNumbers(text, what);
  if (n.length < 6 || n.length % 2 !== 0) throw usageError(`${what}: "${text}" must be at least 3 vertices "ra dec ..." in degrees`);
  const vertices: [number, number][] = [];
  for (let i = 0; i < n.length; i += 2) {
    const v: [number, number] = [n[i] as number, n[i + 1] as number];
    checkPosition(v[0], v[1], what);
    vertices.push(v);
  }
  return { type: 'polygon', vertices };
}

/** SIA RANGE: `ra1 ra2 dec1 dec2`, any bound may be ±Inf. */
export function parseRange(text: string, what = 'RANGE'): SkyRegion {
  const n = parseNumbers(text, what, true);
  if (n.length !== 4) throw usageError(`${what}: "${text}" must be "ra1 ra2 dec1 dec2" in degrees`);
  const [ra1, ra2, dec1, dec2] = n as [number, number, number, number];
  if (dec1 > dec2) throw usageError(`${what}: dec1 ${dec1} is above dec2 ${dec2}`);
  return { type: 'range', ra1: Math.max(ra1, 0), ra2: Math.min(ra2, 360), dec1: Math.max(dec1, -90), dec2: Math.min(dec2, 90) };
}

/** SIA/SODA POS: `CIRCLE ...`, `RANGE ...` or `POLYGON ...` (shape keyword case-insensitive). */
export function parsePos(text: string): SkyRegion {
  const m = /^\s*(CIRCLE|RANGE|POLYGON)\s+(.*)$/is.exec(text);
  if (!m) throw usageError(`POS: "${text}" must start with CIRCLE, RANGE or POLYGON`);
  const shape = (m[1] ?? '').toUpperCase();
  const rest = m[2] ?? '';
  return shape === 'CIRCLE' ? parseCircle(rest, 'POS CIRCLE') : shape === 'RANGE' ? parseRange(rest, 'POS RANGE') : parsePolygon(rest, 'POS POLYGON');
}

/** pg_sphere circles are at most a hemisphere (advertised as maxQueryRegionSize). */
export const MAX_RADIUS = 90;

/** Whether an RA range covers the whole circle. */
const fullRa = (r: { ra1: number; ra2: number }): boolean => r.ra1 <= 0 && r.ra2 >= 360;

/**
 * SQL true when the pg_sphere geometry `column` intersects the region; numbers go into `params`
 * ($n placeholders). Every form is one an spoly GiST index answers.
 */
export function intersectsSql(column: string, region: SkyRegion, params: unknown[]): string {
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const point = (ra: number, dec: number): string => `spoint(radians(${p(ra)}::float8), radians(${p(dec)}::float8))`;
  switch (region.type) {
    case 'circle':
      if (region.radius > MAX_RADIUS) throw usageError(`circle radius ${region.radius} is above ${MAX_RADIUS} degrees, the largest this service searches`);
      return `${column} && scircle(${point(region.ra, region.dec)}, radians(${p(region.radius)}::float8))`;
    case 'polygon':
      return `${column} && ${p(`{${region.vertices.map(([ra, dec]) => `(${ra}d,${dec}d)`).join(',')}}`)}::spoly`;
    case 'range': {
      const box = (ra1: number, ra2: number): string => `${column} && sbox(${point(ra1, region.dec1)}, ${point(ra2, region.dec2)})`;
      if (!fullRa(region)) return box(region.ra1, region.ra2);
      // A box from 0 to 360 would collapse (360 = 0): two half boxes, the second wrapping to 0.
      return `(${box(0, 180)} OR ${box(180, 0)})`;
    }
    default: {
      const never: never = region;
      throw new Error(`unknown region ${String(never)}`);
    }
  }
}
