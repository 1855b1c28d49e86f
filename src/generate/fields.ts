// Survey layers, fields and bands of the synthetic HSC-SSP footprint (hsc-data.md §2.3, §2.4, §4.3):
// which tracts and patches each dataset (pdr3_wide, pdr3_dud) covers, and nominal depth and seeing.

import { PATCH_INNER, TRACT_SIZE, TractProjection, tractAt, tractCenter } from './skymap.ts';

export const BANDS = ['g', 'r', 'i', 'z', 'y'] as const;
export type Band = (typeof BANDS)[number];
/** Filter names as written in FITS headers and the frame/mosaic tables. */
export const FILTER_NAME: Record<Band, string> = { g: 'HSC-G', r: 'HSC-R', i: 'HSC-I', z: 'HSC-Z', y: 'HSC-Y' };
/** Extinction coefficients a_b = R_b·E(B−V) of the PDR3 schema (§1.3). */
export const EXTINCTION_R: Record<Band, number> = { g: 3.24, r: 2.276, i: 1.633, z: 1.263, y: 1.075 };

export type Dataset = 'pdr3_wide' | 'pdr3_dud';
export const DATASETS: readonly Dataset[] = ['pdr3_wide', 'pdr3_dud'];
export type Layer = 'wide' | 'deep' | 'udeep';

/** Median seeing FWHM (arcsec) per band (§2.4 Wide; used for every layer). */
export const SEEING_MEDIAN: Record<Band, number> = { g: 0.79, r: 0.75, i: 0.61, z: 0.68, y: 0.68 };
/** Nominal 5σ point-source depth at the nominal visit count (§2.4). */
export const M5_NOMINAL: Record<Layer, Record<Band, number>> = {
  wide: { g: 26.5, r: 26.5, i: 26.2, z: 25.2, y: 24.4 },
  deep: { g: 27.0, r: 26.6, i: 26.5, z: 25.9, y: 25.0 },
  udeep: { g: 27.4, r: 27.1, i: 26.9, z: 26.3, y: 25.3 },
};
/** Nominal visit count per patch (§2.3, §4.3): Wide 4 (g, r) / 6 (i, z, y); Deep ×4; UltraDeep ×15. */
export const VISITS_NOMINAL: Record<Layer, Record<Band, number>> = {
  wide: { g: 4, r: 4, i: 6, z: 6, y: 6 },
  deep: { g: 16, r: 16, i: 24, z: 24, y: 24 },
  udeep: { g: 60, r: 60, i: 90, z: 90, y: 90 },
};

/** A survey field: a Wide RA/Dec box, or a D/UD disc around a centre. */
export type FieldFootprint =
  | { kind: 'box'; ra0: number; ra1: number; dec0: number; dec1: number }
  | { kind: 'disc'; ra: number; dec: number; radiusDeg: number };

export interface SurveyField {
  /** Field name as in the papers (GAMA09H, COSMOS...). */
  name: string;
  dataset: Dataset;
  layer: Layer;
  footprint: FieldFootprint;
  /** Mean E(B−V) of the field (§4.3: 0.02–0.06). */
  ebvBase: number;
  /** Value of forced.field for D/UD fields; Wide fields use equatorNN by tract RA hour. */
  fieldTag?: string;
}

/** The fields in the `--target-rows` priority order of §4.3. */
export const FIELDS: readonly SurveyField[] = [
  { name: 'GAMA09H', dataset: 'pdr3_wide', layer: 'wide', footprint: { kind: 'box', ra0: 127, ra1: 153.5, dec0: -3, dec1: 6 }, ebvBase: 0.035 },
  { name: 'WIDE12H', dataset: 'pdr3_wide', layer: 'wide', footprint: { kind: 'box', ra0: 153.5, ra1: 200, dec0: -3, dec1: 6 }, ebvBase: 0.025 },
  { name: 'GAMA15H', dataset: 'pdr3_wide', layer: 'wide', footprint: { kind: 'box', ra0: 205, ra1: 226, dec0: -3, dec1: 6 }, ebvBase: 0.04 },
  { name: 'XMM', dataset: 'pdr3_wide', layer: 'wide', footprint: { kind: 'box', ra0: 28, ra1: 40, dec0: -7, dec1: -1 }, ebvBase: 0.025 },
  { name: 'VVDS', dataset: 'pdr3_wide', layer: 'wide', footprint: { kind: 'box', ra0: 330, ra1: 363, dec0: -2, dec1: 5 }, ebvBase: 0.055 },
  { name: 'HECTOMAP', dataset: 'pdr3_wide', layer: 'wide', footprint: { kind: 'box', ra0: 200, ra1: 250, dec0: 42, dec1: 44.5 }, ebvBase: 0.02, fieldTag: 'hectomap' },
  { name: 'UD-COSMOS', dataset: 'pdr3_dud', layer: 'udeep', footprint: { kind: 'disc', ra: 150.1, dec: 2.2, radiusDeg: 0.75 }, ebvBase: 0.018, fieldTag: 'cosmos' },
  { name: 'UD-SXDS', dataset: 'pdr3_dud', layer: 'udeep', footprint: { kind: 'disc', ra: 34.5, dec: -5.1, radiusDeg: 0.75 }, ebvBase: 0.022, fieldTag: 'xmm-lss' },
  { name: 'D-COSMOS', dataset: 'pdr3_dud', layer: 'deep', footprint: { kind: 'disc', ra: 150.1, dec: 2.2, radiusDeg: 1.3 }, ebvBase: 0.018, fieldTag: 'cosmos' },
  { name: 'D-XMM-LSS', dataset: 'pdr3_dud', layer: 'deep', footprint: { kind: 'disc', ra: 35.7, dec: -4.75, radiusDeg: 1.4 }, ebvBase: 0.022, fieldTag: 'xmm-lss' },
  { name: 'D-ELAIS-N1', dataset: 'pdr3_dud', layer: 'deep', footprint: { kind: 'disc', ra: 242.8, dec: 55.0, radiusDeg: 1.3 }, ebvBase: 0.012, fieldTag: 'elais-n1' },
  { name: 'D-DEEP2-3', dataset: 'pdr3_dud', layer: 'deep', footprint: { kind: 'disc', ra: 352.5, dec: -0.3, radiusDeg: 1.3 }, ebvBase: 0.045, fieldTag: 'deep2-3' },
];

/** A patch of a dataset: the address of every per-patch computation. */
export interface PatchLocation {
  dataset: Dataset;
  tract: number;
  px: number;
  py: number;
}

/** Field, layer and centre of a patch, as the coverage and truth models see it. */
export interface PatchContext {
  loc: PatchLocation;
  field: SurveyField;
  layer: Layer;
  /** Sky position of the inner-box centre, degrees. */
  center: { ra: number; dec: number };
  /** Whether the patch centre is within 0.3° of its field's edge (candidate for partial coverage). */
  nearFieldEdge: boolean;
  /** forced.field value: 'equatorNN' (tract RA hour) / 'hectomap' for Wide, the D/UD field name otherwise. */
  fieldTag: string;
  /** Galactic latitude of the patch centre, degrees (sets star density). */
  galacticLatitude: number;
}

const DEG = Math.PI / 180;

/** Angular distance in degrees. */
export function angularDistance(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const s =
    Math.sin(dec1 * DEG) * Math.sin(dec2 * DEG) + Math.cos(dec1 * DEG) * Math.cos(dec2 * DEG) * Math.cos((ra1 - ra2) * DEG);
  return Math.acos(Math.min(1, Math.max(-1, s))) / DEG;
}

/** Signed distance (deg) from the footprint edge: positive inside. */
function insideMargin(f: FieldFootprint, ra: number, dec: number): number {
  switch (f.kind) {
    case 'box': {
      let r = ra;
      if (r < f.ra0) r += 360;
      const cosd = Math.cos(dec * DEG);
      return Math.min((r - f.ra0) * cosd, (f.ra1 - r) * cosd, dec - f.dec0, f.dec1 - dec);
    }
    case 'disc':
      return f.radiusDeg - angularDistance(ra, dec, f.ra, f.dec);
    default: {
      const never: never = f;
      return never;
    }
  }
}

/** Galactic latitude (deg) of an ICRS position (J2000 pole 192.85948, 27.12825). */
export function galacticLatitude(ra: number, dec: number): number {
  const raP = 192.85948 * DEG;
  const decP = 27.12825 * DEG;
  const s = Math.sin(dec * DEG) * Math.sin(decP) + Math.cos(dec * DEG) * Math.cos(decP) * Math.cos(ra * DEG - raP);
  return Math.asin(s) / DEG;
}

/** The field (of a dataset) holding a sky position, innermost layer first for D/UD. */
export function fieldAt(dataset: Dataset, ra: number, dec: number): SurveyField | null {
  let best: SurveyField | null = null;
  for (const f of FIELDS) {
    if (f.dataset !== dataset || insideMargin(f.footprint, ra, dec) < 0) continue;
    if (best === null || (best.layer === 'deep' && f.layer === 'udeep')) best = f;
  }
  return best;
}

const projections = new Map<number, TractProjection>();
/** Shared per-tract projection (the trigonometry is precomputed once per tract). */
export function projectionFor(tract: number): TractProjection {
  let p = projections.get(tract);
  if (p === undefined) {
    p = new TractProjection(tract);
    projections.set(tract, p);
  }
  return p;
}

/** Context of a patch, or null when the patch centre lies outside every field of its dataset. */
export function patchContext(loc: PatchLocation): PatchContext | null {
  const c = projectionFor(loc.tract).pixelToSky(PATCH_INNER * (loc.px + 0.5) - 0.5, PATCH_INNER * (loc.py + 0.5) - 0.5);
  const field = fieldAt(loc.dataset, c.ra, c.dec);
  if (field === null) return null;
  const tc = tractCenter(loc.tract);
  const fieldTag = field.fieldTag ?? `equator${String(Math.floor(tc.ra / 15) % 24).padStart(2, '0')}`;
  return {
    loc,
    field,
    layer: field.layer,
    center: { ra: c.ra, dec: c.dec },
    nearFieldEdge: insideMargin(field.footprint, c.ra, c.dec) < 0.3,
    fieldTag,
    galacticLatitude: galacticLatitude(c.ra, c.dec),
  };
}

/** Tracts whose centre lies in a field (Wide) or that hold a covered patch (D/UD), in (dec, ra) order. */
export function fieldTracts(field: SurveyField): number[] {
  const f = field.footprint;
  const tracts = new Set<number>();
  const [ra0, ra1, dec0, dec1] =
    f.kind === 'box' ? [f.ra0, f.ra1, f.dec0, f.dec1] : [f.ra - 3, f.ra + 3, f.dec - f.radiusDeg - 1, f.dec + f.radiusDeg + 1];
  const stepDec = 0.25;
  for (let dec = dec0; dec <= dec1; dec += stepDec) {
    const stepRa = stepDec / Math.max(0.05, Math.cos(dec * DEG));
    for (let ra = ra0; ra <= ra1; ra += stepRa) tracts.add(tractAt(((ra % 360) + 360) % 360, dec));
  }
  const keep = [...tracts].filter((t) => {
    const c = tractCenter(t);
    if (f.kind === 'box') return insideMargin(f, c.ra, c.dec) >= 0;
    return angularDistance(c.ra, c.dec, f.ra, f.dec) < f.radiusDeg + (TRACT_SIZE * 0.168) / 3600;
  });
  return keep.sort((a, b) => a - b);
}

/** Patches of a tract that the dataset covers (a patch is covered when its centre is in a field). */
export function coveredPatches(dataset: Dataset, tract: number): PatchLocation[] {
  const out: PatchLocation[] = [];
  for (let py = 0; py < 9; py++) {
    for (let px = 0; px < 9; px++) {
      const loc = { dataset, tract, px, py };
      if (patchContext(loc) !== null) out.push(loc);
    }
  }
  return out;
}
