// IN_UNIT support (ADQL 2.1 §4.9): VOUnits 1.0 strings such as "deg", "mas/yr", "m.s**-1",
// reduced to a scale and SI dimensions so that convertible units give one factor.

type Dimensions = readonly [length: number, mass: number, time: number, angle: number, temperature: number];

interface Quantity {
  readonly scale: number;
  readonly dims: Dimensions;
}

const D = (length = 0, mass = 0, time = 0, angle = 0, temperature = 0): Dimensions => [length, mass, time, angle, temperature];
const DEG = Math.PI / 180;
const JANSKY = 1e-26;

const BASE_UNITS: Readonly<Record<string, Quantity>> = {
  m: { scale: 1, dims: D(1) },
  g: { scale: 1e-3, dims: D(0, 1) },
  s: { scale: 1, dims: D(0, 0, 1) },
  rad: { scale: 1, dims: D(0, 0, 0, 1) },
  K: { scale: 1, dims: D(0, 0, 0, 0, 1) },
  deg: { scale: DEG, dims: D(0, 0, 0, 1) },
  arcmin: { scale: DEG / 60, dims: D(0, 0, 0, 1) },
  arcsec: { scale: DEG / 3600, dims: D(0, 0, 0, 1) },
  mas: { scale: DEG / 3.6e6, dims: D(0, 0, 0, 1) },
  uas: { scale: DEG / 3.6e9, dims: D(0, 0, 0, 1) },
  min: { scale: 60, dims: D(0, 0, 1) },
  h: { scale: 3600, dims: D(0, 0, 1) },
  d: { scale: 86400, dims: D(0, 0, 1) },
  yr: { scale: 365.25 * 86400, dims: D(0, 0, 1) },
  a: { scale: 365.25 * 86400, dims: D(0, 0, 1) },
  Hz: { scale: 1, dims: D(0, 0, -1) },
  AU: { scale: 1.495978707e11, dims: D(1) },
  au: { scale: 1.495978707e11, dims: D(1) },
  pc: { scale: 3.0856775814913673e16, dims: D(1) },
  Angstrom: { scale: 1e-10, dims: D(1) },
  J: { scale: 1, dims: D(2, 1, -2) },
  W: { scale: 1, dims: D(2, 1, -3) },
  erg: { scale: 1e-7, dims: D(2, 1, -2) },
  Jy: { scale: JANSKY, dims: D(0, 1, -2) },
  pix: { scale: 1, dims: D() },
};

const PREFIXES: Readonly<Record<string, number>> = {
  y: 1e-24, z: 1e-21, a: 1e-18, f: 1e-15, p: 1e-12, n: 1e-9, u: 1e-6, m: 1e-3, c: 1e-2, d: 1e-1,
  da: 1e1, h: 1e2, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Z: 1e21, Y: 1e24,
};

function symbol(text: string): Quantity | undefined {
  const base = BASE_UNITS[text];
  if (base) return base;
  for (const [prefix, factor] of Object.entries(PREFIXES)) {
    const rest = BASE_UNITS[text.slice(prefix.length)];
    if (text.startsWith(prefix) && rest && text.length > prefix.length) return { scale: factor * rest.scale, dims: rest.dims };
  }
  return undefined;
}

/** Reads a VOUnit string made of factors joined by "." or "/" with optional "**n" powers. */
export function parseUnit(text: string): Quantity | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  let scale = 1;
  const dims = [0, 0, 0, 0, 0];
  const parts = trimmed.split(/(?=[./])/);
  for (const raw of parts) {
    const divide = raw.startsWith('/');
    const part = raw.replace(/^[./]/, '');
    const match = /^([A-Za-z]+)(?:\*\*\(?([+-]?\d+(?:\.\d+)?)\)?)?$/.exec(part);
    if (!match) return undefined;
    const unit = symbol(match[1] ?? '');
    if (!unit) return undefined;
    const power = Number(match[2] ?? '1') * (divide ? -1 : 1);
    scale *= unit.scale ** power;
    unit.dims.forEach((d, i) => {
      dims[i] = (dims[i] ?? 0) + d * power;
    });
  }
  return { scale, dims: [dims[0] ?? 0, dims[1] ?? 0, dims[2] ?? 0, dims[3] ?? 0, dims[4] ?? 0] };
}

/** The factor turning a value in `from` into `to`, or undefined when they do not convert. */
export function conversionFactor(from: string, to: string): number | undefined {
  const a = parseUnit(from);
  const b = parseUnit(to);
  if (!a || !b || a.dims.some((d, i) => Math.abs(d - (b.dims[i] ?? 0)) > 1e-12)) return undefined;
  return a.scale / b.scale;
}
