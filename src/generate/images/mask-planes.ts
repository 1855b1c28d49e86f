// The coadd mask planes of PDR2/PDR3 (hsc-data.md §3.3): bit numbers and the MP_* header cards
// that declare them (readers must use the cards, not assume the order).
import { integerCard, type HeaderCard } from '../../fits/header.ts';

export const MASK_PLANES = [
  'BAD',
  'SAT',
  'INTRP',
  'CR',
  'EDGE',
  'DETECTED',
  'DETECTED_NEGATIVE',
  'SUSPECT',
  'NO_DATA',
  'BRIGHT_OBJECT',
  'CROSSTALK',
  'NOT_DEBLENDED',
  'UNMASKEDNAN',
  'REJECTED',
  'CLIPPED',
  'SENSOR_EDGE',
  'INEXACT_PSF',
] as const;
export type MaskPlane = (typeof MASK_PLANES)[number];

/** The value of a plane's bit (1 << index). */
export const BIT = Object.fromEntries(MASK_PLANES.map((name, i) => [name, 1 << i])) as Record<MaskPlane, number>;

/** `MP_<NAME> = bit` for every plane; keywords over 8 characters go out as HIERARCH cards, as afw writes them. */
export function maskPlaneCards(): HeaderCard[] {
  return MASK_PLANES.map((name, i) => integerCard(`MP_${name}`, i));
}
