// Light profiles as Gaussian mixtures (hsc-data.md §4.7): a core + wing PSF and the Hogg & Lang
// (2013, PASP 125, 719) exponential (6) and de Vaucouleurs (8) approximations, sheared by q and
// PA and convolved with the PSF analytically (covariances add).

/** One 2-D Gaussian in tract pixels: total counts, centre, covariance (px²). */
export interface Gaussian {
  flux: number;
  x: number;
  y: number;
  vxx: number;
  vxy: number;
  vyy: number;
}

/** A component of a unit-flux, centred profile: weight and covariance. */
interface Component {
  w: number;
  vxx: number;
  vxy: number;
  vyy: number;
}

// Hogg & Lang (2013) mixtures, variances in units of the half-light radius squared
// (amplitudes normalised below).
const EXP_AMP = [2.34853813e-3, 3.0799526e-2, 2.23364214e-1, 1.17949102, 4.3387375, 5.9982077];
const EXP_VAR = [1.20078965e-3, 8.84526493e-3, 3.91463084e-2, 1.39976817e-1, 4.609625e-1, 1.50159566];
const DEV_AMP = [4.26347652e-2, 2.40127183e-1, 6.85907632e-1, 1.5193735, 2.83627243, 4.46467501, 5.7244083, 5.60989349];
const DEV_VAR = [2.23759216e-4, 1.00220099e-3, 4.18731126e-3, 1.69432589e-2, 6.84850479e-2, 2.8720708e-1, 1.33320254, 8.40215071];

const normalise = (a: number[]): number[] => {
  const s = a.reduce((x, y) => x + y, 0);
  return a.map((v) => v / s);
};
const EXP_W = normalise(EXP_AMP);
const DEV_W = normalise(DEV_AMP);

/** PSF core/wing weights and the wing's width relative to the core (§4.7). */
export const PSF_CORE_WEIGHT = 0.9;
export const PSF_WING_SCALE = 2;

/**
 * FWHM of the core + wing mixture in units of the core sigma, found once by bisection of the
 * radial profile (≈ 2.387, a little wider than a single Gaussian's 2.355).
 */
export const PSF_FWHM_PER_SIGMA = (() => {
  const w = PSF_CORE_WEIGHT;
  const s2 = PSF_WING_SCALE * PSF_WING_SCALE;
  const profile = (r: number): number => w * Math.exp(-0.5 * r * r) + ((1 - w) / s2) * Math.exp((-0.5 * r * r) / s2);
  const half = profile(0) / 2;
  let lo = 0;
  let hi = 5;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (profile(mid) > half) lo = mid;
    else hi = mid;
  }
  return 2 * lo;
})();

export interface PsfModel {
  components: Component[];
  /** Core sigma, px. */
  sigmaCore: number;
}

/** The PSF of a coadd: FWHM in px, ellipticity e = 1 − b/a and position angle (rad, from +x). */
export function psfModel(fwhmPx: number, e: number, angle: number): PsfModel {
  const sigmaCore = fwhmPx / PSF_FWHM_PER_SIGMA;
  const q = 1 - e;
  // equal-area shear: a = σ/√q, b = σ·√q
  const shape = (sigma: number, weight: number): Component => ({ w: weight, ...rotated(sigma * sigma / q, sigma * sigma * q, angle) });
  return {
    sigmaCore,
    components: [shape(sigmaCore, PSF_CORE_WEIGHT), shape(sigmaCore * PSF_WING_SCALE, 1 - PSF_CORE_WEIGHT)],
  };
}

/** Covariance of variances (major, minor) along an axis at `angle` from +x. */
function rotated(major: number, minor: number, angle: number): { vxx: number; vxy: number; vyy: number } {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return { vxx: major * c * c + minor * s * s, vxy: (major - minor) * c * s, vyy: major * s * s + minor * c * c };
}

export interface GalaxyShape {
  /** Half-light radius along the major axis, px. */
  rePx: number;
  /** Axis ratio b/a. */
  q: number;
  /** Position angle, degrees east of north. North is +y and east is −x in a tract (CD1_1 < 0). */
  paDeg: number;
  /** de Vaucouleurs fraction of the light. */
  fracdev: number;
}

/** Unit-flux galaxy components (before the PSF), or a single point for stars. */
function galaxyComponents(g: GalaxyShape): Component[] {
  // The major axis points at PA east of north: direction (−sin PA, cos PA) in pixels.
  const pa = (g.paDeg * Math.PI) / 180;
  const angle = Math.atan2(Math.cos(pa), -Math.sin(pa));
  const r2 = g.rePx * g.rePx;
  const out: Component[] = [];
  const add = (weights: number[], vars: number[], frac: number): void => {
    if (frac <= 0) return;
    weights.forEach((w, k) => {
      const v = (vars[k] as number) * r2;
      out.push({ w: w * frac, ...rotated(v, v * g.q * g.q, angle) });
    });
  };
  add(EXP_W, EXP_VAR, 1 - g.fracdev);
  add(DEV_W, DEV_VAR, g.fracdev);
  return out;
}

/**
 * The Gaussians of one object convolved with the PSF, appended to `out`. Galaxy components
 * carrying a negligible share of the flux (< minFlux counts) are dropped.
 */
export function objectGaussians(
  flux: number,
  x: number,
  y: number,
  shape: GalaxyShape | null,
  psf: PsfModel,
  minFlux: number,
  out: Gaussian[],
): void {
  const source = shape === null ? [{ w: 1, vxx: 0, vxy: 0, vyy: 0 }] : galaxyComponents(shape);
  for (const s of source) {
    for (const p of psf.components) {
      const f = flux * s.w * p.w;
      if (f < minFlux && shape !== null) continue;
      out.push({ flux: f, x, y, vxx: s.vxx + p.vxx, vxy: s.vxy + p.vxy, vyy: s.vyy + p.vyy });
    }
  }
}
