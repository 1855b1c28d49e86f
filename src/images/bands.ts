// The five HSC broad-band filters as ObsCore/SIA/SODA describe them (ObsCore 1.1 §4.18-4.20):
// wavelength coverage in metres (half-maximum edges of the HSC filter curves, rounded to 1 nm).
export interface HscFilter {
  /** Filter name as the archive writes it (mosaic.filter01, FITS FILTER card). */
  name: string;
  band: string;
  emMin: number;
  emMax: number;
}

export const HSC_FILTERS: readonly HscFilter[] = [
  { name: 'HSC-G', band: 'g', emMin: 398e-9, emMax: 550e-9 },
  { name: 'HSC-R', band: 'r', emMin: 543e-9, emMax: 702e-9 },
  { name: 'HSC-I', band: 'i', emMin: 690e-9, emMax: 860e-9 },
  { name: 'HSC-Z', band: 'z', emMin: 852e-9, emMax: 938e-9 },
  { name: 'HSC-Y', band: 'y', emMin: 931e-9, emMax: 1070e-9 },
];

/** The filter by archive name (HSC-I) or band letter (i), case-insensitively. */
export function hscFilter(name: string): HscFilter | undefined {
  const n = name.trim().toUpperCase();
  return HSC_FILTERS.find((f) => f.name === n || f.band.toUpperCase() === n);
}

/** Resolving power λ/Δλ at the band centre. */
export const resolvingPower = (f: HscFilter): number => (f.emMin + f.emMax) / 2 / (f.emMax - f.emMin);
