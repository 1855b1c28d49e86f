// ADQL geometry as pg_sphere SQL (ADQL 2.1 §4.2; standards notes §2.8): degrees in ADQL,
// radians in pg_sphere; constant shapes become exact pg_sphere literals, and results go back
// out in DALI form (DALI 1.1 §3.3.5-§3.3.7: point, circle, polygon arrays in degrees) or, for
// REGION values, as STC-S text.
import type { SourcePosition } from './errors.ts';
import { computedNumber } from './sql.ts';
import type { StcsShape } from './stcs.ts';

const RAD = Math.PI / 180;

/** spoint(radians(lon), radians(lat)): the exact form an expression index on (ra, dec) is built with. */
export const spointSql = (lon: string, lat: string): string => `spoint(radians(${lon}), radians(${lat}))`;

export const scircleSql = (center: string, radiusDegrees: string): string => `scircle(${center}, radians(${radiusDegrees}))`;

/** A constant polygon as a pg_sphere literal in degrees; vertices as [lon, lat] pairs. */
export function spolyLiteral(vertices: readonly (readonly [number, number])[], at: SourcePosition): string {
  const text = vertices.map(([lon, lat]) => `(${finite(lon, at)}d,${finite(lat, at)}d)`).join(',');
  return `spoly '{${text}}'`;
}

/** A polygon from vertex expressions (already spoint SQL), in order, through pg_sphere's aggregate. */
export function spolyFromPoints(points: readonly string[]): string {
  const rows = points.map((p, i) => `(${i + 1}, ${p})`).join(', ');
  return `(SELECT spoly(v.p ORDER BY v.i) FROM (VALUES ${rows}) AS v(i, p))`;
}

function finite(value: number, at: SourcePosition): string {
  // computedNumber validates; pg_sphere literals take the bare number.
  computedNumber(value, at);
  return String(value);
}

/**
 * The four corners of an ADQL BOX (ADQL 2.1 §4.2.9): sides are great circles through the ends
 * of the centre cross, perpendicular to its arms. In the (centre, east, north) frame a corner
 * is (cos a·cos b, ±sin a·cos b, ±cos a·sin b) with a = width/2, b = height/2.
 */
export function boxCorners(lon: number, lat: number, width: number, height: number): [number, number][] {
  const a = (width / 2) * RAD;
  const b = (height / 2) * RAD;
  const l = lon * RAD;
  const d = lat * RAD;
  const centre = [Math.cos(d) * Math.cos(l), Math.cos(d) * Math.sin(l), Math.sin(d)];
  const east = [-Math.sin(l), Math.cos(l), 0];
  const north = [-Math.sin(d) * Math.cos(l), -Math.sin(d) * Math.sin(l), Math.cos(d)];
  const corners: [number, number][] = [];
  for (const [se, sn] of [[-1, -1], [-1, 1], [1, 1], [1, -1]] as const) {
    const x = Math.cos(a) * Math.cos(b);
    const y = se * Math.sin(a) * Math.cos(b);
    const z = sn * Math.cos(a) * Math.sin(b);
    const v = [0, 1, 2].map((i) => x * (centre[i] ?? 0) + y * (east[i] ?? 0) + z * (north[i] ?? 0));
    const [vx = 0, vy = 0, vz = 0] = v;
    const norm = Math.hypot(vx, vy, vz);
    let cornerLon = Math.atan2(vy, vx) / RAD;
    if (cornerLon < 0) cornerLon += 360;
    corners.push([cornerLon, Math.asin(vz / norm) / RAD]);
  }
  return corners;
}

/** pg_sphere SQL of a constant STC-S shape from REGION(). */
export function stcsSql(shape: StcsShape, at: SourcePosition): string {
  const num = (n: number): string => computedNumber(n, at);
  switch (shape.shape) {
    case 'point': return spointSql(num(shape.lon), num(shape.lat));
    case 'circle': return scircleSql(spointSql(num(shape.lon), num(shape.lat)), num(shape.radius));
    case 'box': return spolyLiteral(boxCorners(shape.lon, shape.lat, shape.width, shape.height), at);
    case 'polygon': {
      const vertices: [number, number][] = [];
      for (let i = 0; i + 1 < shape.coordinates.length; i += 2) vertices.push([shape.coordinates[i] ?? 0, shape.coordinates[i + 1] ?? 0]);
      return spolyLiteral(vertices, at);
    }
    default: {
      const unreachable: never = shape;
      return unreachable;
    }
  }
}

/** Numbers of a DALI geometry string ("12.3 45.6 1.0") when they fit the shape. */
export function daliShape(shape: 'POINT' | 'CIRCLE' | 'POLYGON', text: string): number[] | undefined {
  const numbers = text.trim().split(/\s+/).map(Number);
  if (numbers.some((n) => !Number.isFinite(n))) return undefined;
  const fits = shape === 'POINT' ? numbers.length === 2 : shape === 'CIRCLE' ? numbers.length === 3 : numbers.length >= 6 && numbers.length % 2 === 0;
  return fits ? numbers : undefined;
}

/** SQL giving a pg_sphere value back as its DALI array in degrees (float8[]), NULL stays NULL. */
export function daliOutputSql(kind: 'POINT' | 'CIRCLE' | 'POLYGON', value: string): string {
  switch (kind) {
    case 'POINT':
      return `(SELECT CASE WHEN g.v IS NULL THEN NULL ELSE ARRAY[degrees(long(g.v)), degrees(lat(g.v))] END FROM (SELECT ${value} AS v) AS g)`;
    case 'CIRCLE':
      return `(SELECT CASE WHEN g.v IS NULL THEN NULL ELSE ARRAY[degrees(long(center(g.v))), degrees(lat(center(g.v))), degrees(radius(g.v))] END FROM (SELECT ${value} AS v) AS g)`;
    case 'POLYGON': return polygonDegreesSql(value);
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** A pg_sphere polygon as float8[] of lon, lat, lon, lat... in degrees; NULL stays NULL. */
function polygonDegreesSql(polygon: string): string {
  // pg_sphere prints polygons as {(lon , lat),...} in radians (its default output mode).
  return `(SELECT array_agg(degrees(c.x) ORDER BY c.n) FROM unnest(string_to_array(translate(CAST(${polygon} AS text), '{}() ', ''), ',')::double precision[]) WITH ORDINALITY AS c(x, n))`;
}

/** A pg_sphere polygon as STC-S text, `POLYGON ICRS lon lat ...` in degrees (ObsCore 1.1 §4.12); NULL stays NULL. */
export function stcsOutputSql(polygon: string): string {
  return `('POLYGON ICRS ' || array_to_string(${polygonDegreesSql(polygon)}, ' '))`;
}
