// The planes of a coadd calexp (hsc-data.md §3.2: HDU1 IMAGE, HDU2 MASK, HDU3 VARIANCE) a cutout
// may carry, as SODA PLANE values and the HSC cutout service's image/mask/variance switches.
import { usageError } from '../http/errors.ts';

export interface Plane {
  name: 'IMAGE' | 'MASK' | 'VARIANCE';
  /** EXTNAME of the HDU in the calexp file. */
  extname: string;
  description: string;
}

export const PLANES: readonly Plane[] = [
  { name: 'IMAGE', extname: 'IMAGE', description: 'Coadd image (counts; mag = 27 - 2.5 log10 counts)' },
  { name: 'MASK', extname: 'MASK', description: 'Mask planes (int32 bits, declared by MP_* cards)' },
  { name: 'VARIANCE', extname: 'VARIANCE', description: 'Variance of the image (counts^2)' },
];

/** The planes named by PLANE values (any order, repeats ignored), in file order; all when none. */
export function selectPlanes(values: readonly string[]): Plane[] {
  if (values.length === 0) return [...PLANES];
  const wanted = new Set(values.flatMap((v) => v.split(/[\s,]+/)).filter((v) => v !== '').map((v) => v.toUpperCase()));
  for (const w of wanted) {
    if (!PLANES.some((p) => p.name === w)) throw usageError(`PLANE: "${w}" is not one of ${PLANES.map((p) => p.name).join(', ')}`);
  }
  return PLANES.filter((p) => wanted.has(p.name));
}
