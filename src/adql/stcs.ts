// The subset of STC-S that REGION() accepts here (ADQL 2.1 §4.2.20, STC-S note §6): Position,
// Circle, Box and Polygon with an optional frame; unions, intersections and NOT are refused.

export type StcsShape =
  | { readonly shape: 'point'; readonly lon: number; readonly lat: number }
  | { readonly shape: 'circle'; readonly lon: number; readonly lat: number; readonly radius: number }
  | { readonly shape: 'box'; readonly lon: number; readonly lat: number; readonly width: number; readonly height: number }
  | { readonly shape: 'polygon'; readonly coordinates: readonly number[] };

const FRAME_WORDS = /^(ICRS|FK4|FK5|J2000|B1950|ECLIPTIC|GALACTIC|UNKNOWNFRAME|BARYCENTER|GEOCENTER|TOPOCENTER|HELIOCENTER|UNKNOWNREFPOS|SPHERICAL2|CARTESIAN2|CARTESIAN3)$/i;

/** The shape of a simple STC-S string, or undefined when it is not one this service handles. */
export function parseStcs(text: string): StcsShape | undefined {
  const words = text.trim().split(/\s+/);
  const kind = (words.shift() ?? '').toUpperCase();
  while (words[0] !== undefined && FRAME_WORDS.test(words[0])) words.shift();
  const numbers = words.map(Number);
  if (numbers.some((n) => !Number.isFinite(n)) || words.some((w) => w === '')) return undefined;
  const [a = 0, b = 0, c = 0, d = 0] = numbers;
  switch (kind) {
    case 'POSITION': return numbers.length === 2 ? { shape: 'point', lon: a, lat: b } : undefined;
    case 'CIRCLE': return numbers.length === 3 ? { shape: 'circle', lon: a, lat: b, radius: c } : undefined;
    case 'BOX': return numbers.length === 4 ? { shape: 'box', lon: a, lat: b, width: c, height: d } : undefined;
    case 'POLYGON': return numbers.length >= 6 && numbers.length % 2 === 0 ? { shape: 'polygon', coordinates: numbers } : undefined;
    default: return undefined;
  }
}
