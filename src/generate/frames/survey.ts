// The observing plan of a profile (hsc-data.md §4.2, §4.3, §4.8): which visits cover the profile's
// patches, in which band and night, with which exposure numbers, and which visits feed each coadd.
// Visits are placed until every patch has the visit count of coverage.ts, so mosaicframe, the
// catalog's inputcount and the images agree.

import { patchCoverage } from '../coverage.ts';
import { BANDS, FILTER_NAME, projectionFor, type Band, type Dataset, type PatchLocation } from '../fields.ts';
import { streamFor, type Rng, type StreamId } from '../rng.ts';
import { PATCH_INNER, skymapId } from '../skymap.ts';
import { chooseNights, visitClock } from './calendar.ts';
import { patchesUnderCcd, placeScienceCcds, type Pointing } from './footprint.ts';
import { horizontal, mjdOfDate } from './site.ts';

export type FrameProfile = 'tiny' | 'demo';

interface ProfileSpec {
  nights: number;
  patches: () => PatchLocation[];
}

function tractPatches(dataset: Dataset, tract: number, list?: ReadonlyArray<readonly [number, number]>): PatchLocation[] {
  const all: Array<readonly [number, number]> = [];
  for (let py = 0; py < 9; py++) for (let px = 0; px < 9; px++) all.push([px, py]);
  return (list ?? all).map(([px, py]) => ({ dataset, tract, px, py }));
}

export const FRAME_PROFILES: Record<FrameProfile, ProfileSpec> = {
  tiny: { nights: 1, patches: () => tractPatches('pdr3_wide', 9560, [[4, 4]]) },
  demo: {
    nights: 25,
    patches: () => [
      ...tractPatches('pdr3_wide', 9560),
      ...tractPatches('pdr3_dud', 9813, [[4, 4], [4, 5], [5, 4], [5, 5]]),
    ],
  },
};

/** How a layer observes: exposure time per band, dither style, program names. */
interface LayerStyle {
  exptime: Record<Band, number>;
  /** Dither offset range from the target patch (Wide) or the field centre (UD), degrees. */
  dither: readonly [number, number];
  rotate: boolean;
  prog: string;
  object: string;
  pntgidPrefix: string;
}

const STYLE: Record<Dataset, LayerStyle> = {
  pdr3_wide: {
    exptime: { g: 150, r: 150, i: 200, z: 200, y: 200 },
    dither: [0.3, 0.6],
    rotate: false,
    prog: 'SSP-Wide',
    object: 'GAMA09H',
    pntgidPrefix: 'W',
  },
  pdr3_dud: {
    exptime: { g: 300, r: 300, i: 300, z: 300, y: 300 },
    dither: [0, 2 / 60],
    rotate: true,
    prog: 'SSP-UDeep',
    object: 'COSMOS',
    pntgidPrefix: 'UD',
  },
};

/** UD-COSMOS pointing centre (§2.3). */
const UD_CENTRE = { ra: 150.1, dec: 2.2 };

export type CalibrationKind = 'BIAS' | 'DARK' | 'DOMEFLAT' | 'SKYFLAT' | 'FOCUSING' | 'TEST';

/** One exposure of a night: a science visit, or a calibration/test exposure (raw_frame only). */
export interface PlannedExposure {
  visit: number;
  night: number;
  dataset: Dataset;
  /** Exposure start, MJD (UT). */
  mjd: number;
  exptime: number;
  /** FILTER01 as written in the header, e.g. 'HSC-i2'. */
  filter01: string;
  band: Band;
  pointing: Pointing;
  kind: 'science' | CalibrationKind;
  /** For science visits: the profile's patches this visit is a coadd input of. */
  inputs: PatchLocation[];
  prog: string;
  object: string;
  pntgid: string;
}

export interface NightPlan {
  mjd: number;
  dataset: Dataset;
  /** Every exposure of the night in time order (science, calibrations, tests). */
  exposures: PlannedExposure[];
}

export interface SurveyPlan {
  profile: FrameProfile;
  seed: StreamId;
  patches: PatchLocation[];
  nights: NightPlan[];
}

/** Header filter name of a band on a night: r2 replaced r in July 2016, i2 replaced i in Feb 2016. */
export function headerFilter(band: Band, mjd: number): string {
  if (band === 'i') return mjd >= mjdOfDate(2016, 2, 1) ? 'HSC-i2' : 'HSC-i';
  if (band === 'r') return mjd >= mjdOfDate(2016, 7, 1) ? 'HSC-r2' : 'HSC-r';
  return band === 'y' ? 'HSC-Y' : `HSC-${band}`;
}

/** Coadd filter name (mosaic / mosaicframe): HSC-G … HSC-Y. */
export function coaddFilter(band: Band): string {
  return FILTER_NAME[band];
}

interface PlacedVisit {
  dataset: Dataset;
  band: Band;
  pointing: Pointing;
  inputs: PatchLocation[];
}

function patchCentre(loc: PatchLocation): { ra: number; dec: number } {
  return projectionFor(loc.tract).pixelToSky(PATCH_INNER * (loc.px + 0.5) - 0.5, PATCH_INNER * (loc.py + 0.5) - 0.5);
}

function offset(ra: number, dec: number, distDeg: number, angle: number): { ra: number; dec: number } {
  const d = dec + distDeg * Math.cos(angle);
  return { ra: ra + (distDeg * Math.sin(angle)) / Math.cos((d * Math.PI) / 180), dec: d };
}

const locKey = (l: PatchLocation): string => `${l.dataset}/${l.tract}/${l.px},${l.py}`;

/** Target patches of a visit pointing: every profile patch of the dataset that a science CCD overlaps. */
function overlappedPatches(p: Pointing, targets: readonly PatchLocation[]): Set<string> {
  const tracts = [...new Set(targets.map((t) => t.tract))];
  const wanted = new Set(targets.map(locKey));
  const hit = new Set<string>();
  const dataset = targets[0]?.dataset;
  if (dataset === undefined) return hit;
  for (const placed of placeScienceCcds(p)) {
    for (const tract of tracts) {
      for (const { px, py } of patchesUnderCcd(placed.corners, tract)) {
        const key = locKey({ dataset, tract, px, py });
        if (wanted.has(key)) hit.add(key);
      }
    }
  }
  return hit;
}

/**
 * Places visits of one dataset and band until each target patch has its coverage.ts visit count:
 * the next visit aims at the patch that lacks most (Wide: dithered 0.3–0.6° away; UD: ≤ 2′ from
 * the field centre, rotated). A visit feeds the coadds of the overlapped patches that still lack visits.
 */
function placeVisits(rng: Rng, dataset: Dataset, band: Band, targets: readonly PatchLocation[], seed: StreamId): PlacedVisit[] {
  const style = STYLE[dataset];
  const need = new Map<string, number>();
  const byKey = new Map<string, PatchLocation>();
  for (const t of targets) {
    const cov = patchCoverage(seed, t);
    need.set(locKey(t), cov === null ? 0 : cov.bands[band].nVisits);
    byKey.set(locKey(t), t);
  }
  const visits: PlacedVisit[] = [];
  for (let guard = 0; guard < 5000; guard++) {
    let aim: PatchLocation | null = null;
    let most = 0;
    for (const t of targets) {
      const n = need.get(locKey(t))!;
      if (n > most) {
        most = n;
        aim = t;
      }
    }
    if (aim === null) break;
    const base = dataset === 'pdr3_dud' ? UD_CENTRE : patchCentre(aim);
    let pointing: Pointing | null = null;
    let overlapped = new Set<string>();
    for (let attempt = 0; attempt < 8 && pointing === null; attempt++) {
      const shrink = attempt < 6 ? 1 : 0;
      const c = offset(base.ra, base.dec, shrink * rng.between(style.dither[0], style.dither[1]), rng.between(0, 2 * Math.PI));
      const pa = style.rotate ? 30 * rng.int(12) : 0;
      const p = { ra: c.ra, dec: c.dec, pa };
      overlapped = overlappedPatches(p, targets);
      if (overlapped.has(locKey(aim))) pointing = p;
    }
    if (pointing === null) throw new Error(`no visit reaches ${locKey(aim)}`);
    const inputs: PatchLocation[] = [];
    for (const key of overlapped) {
      const n = need.get(key)!;
      if (n > 0) {
        need.set(key, n - 1);
        inputs.push(byKey.get(key)!);
      }
    }
    visits.push({ dataset, band, pointing, inputs });
  }
  return visits;
}

/** Time needed by a visit: exposure plus 40 s of overheads (§4.8). */
const OVERHEAD_S = 40;
const NIGHT_START_UT_H = 5.75;
const NIGHT_END_UT_H = 15.5;

function calibrationExposures(rng: Rng, night: number, dataset: Dataset, firstBand: Band): Array<Omit<PlannedExposure, 'visit'>> {
  const zenith = { ra: 0, dec: 19.8255, pa: 0 };
  const exp = (kind: CalibrationKind, utHour: number, exptime: number): Omit<PlannedExposure, 'visit'> => ({
    night,
    dataset,
    mjd: night + utHour / 24,
    exptime,
    filter01: headerFilter(firstBand, night),
    band: firstBand,
    pointing: zenith,
    kind,
    inputs: [],
    prog: STYLE[dataset].prog,
    object: kind === 'FOCUSING' ? 'FOCUS' : kind,
    pntgid: '',
  });
  const out: Array<Omit<PlannedExposure, 'visit'>> = [];
  let t = 3.0;
  const nBias = 1 + (rng.chance(0.5) ? 1 : 0);
  for (let k = 0; k < nBias; k++, t += 0.05) out.push(exp('BIAS', t, 0));
  if (rng.chance(0.15)) out.push(exp('DARK', (t += 0.1), 300));
  if (rng.chance(0.5)) out.push(exp('DOMEFLAT', (t += 0.15), Math.round(rng.between(10, 60))));
  if (rng.chance(0.15)) out.push(exp('SKYFLAT', 5.1, Math.round(rng.between(5, 60))));
  if (rng.chance(0.5)) out.push(exp('FOCUSING', 5.55, Math.round(rng.between(5, 30))));
  return out;
}

/** Shutter-closed test exposures written as OBJECT (30% of nights), at the end of the night. */
function testExposures(rng: Rng, night: number, dataset: Dataset, band: Band): Array<Omit<PlannedExposure, 'visit'>> {
  if (!rng.chance(0.3)) return [];
  return [
    {
      night,
      dataset,
      mjd: night + 15.6 / 24,
      exptime: 30,
      filter01: headerFilter(band, night),
      band,
      pointing: { ra: 0, dec: 19.8255, pa: 0 },
      kind: 'TEST',
      inputs: [],
      prog: STYLE[dataset].prog,
      object: STYLE[dataset].object,
      pntgid: '',
    },
  ];
}

/** Lays a night's science visits out in time around the field's transit, band by band. */
function scheduleScience(rng: Rng, night: number, visits: PlacedVisit[], pntgBase: number): Array<Omit<PlannedExposure, 'visit'> & { gapBefore: number }> {
  const order = [...visits].sort((a, b) => BANDS.indexOf(a.band) - BANDS.indexOf(b.band));
  const durations = order.map((v) => STYLE[v.dataset].exptime[v.band] + OVERHEAD_S);
  const gaps = order.map(() => (rng.chance(0.3) ? 1 + rng.int(3) : 0));
  const total = durations.reduce((a, b) => a + b, 0) + gaps.reduce((a, b) => a + b, 0) * 240;
  const first = order[0];
  let startH = NIGHT_START_UT_H + 0.1;
  if (first !== undefined) {
    // Transit time of the field on this night, then centre the block on it inside the night.
    const ha = horizontal(first.pointing.ra, first.pointing.dec, night + 10 / 24).hourAngle;
    const transitH = 10 - ha / 1.0027379;
    startH = Math.min(Math.max(transitH - total / 7200, NIGHT_START_UT_H + 0.1), NIGHT_END_UT_H - total / 3600);
  }
  let t = startH * 3600;
  return order.map((v, k) => {
    t += gaps[k]! * 240;
    const style = STYLE[v.dataset];
    const e = {
      night,
      dataset: v.dataset,
      mjd: night + t / 86400,
      exptime: style.exptime[v.band],
      filter01: headerFilter(v.band, night),
      band: v.band,
      pointing: v.pointing,
      kind: 'science' as const,
      inputs: v.inputs,
      prog: style.prog,
      object: style.object,
      pntgid: `${style.pntgidPrefix}-${String(BANDS.indexOf(v.band) + 1).padStart(2, '0')}-${String(pntgBase + k).padStart(6, '0')}-01-${String(k + 1).padStart(5, '0')}`,
      gapBefore: gaps[k]!,
    };
    t += durations[k]!;
    return e;
  });
}

const planCache = new Map<string, SurveyPlan>();

/** The whole observing plan of a profile; deterministic in (profile, seed), cached. */
export function surveyPlan(profile: FrameProfile, seed: StreamId): SurveyPlan {
  const cacheKey = `${profile}/${String(seed)}`;
  const hit = planCache.get(cacheKey);
  if (hit) return hit;
  const spec = FRAME_PROFILES[profile];
  const patches = spec.patches();
  const datasets = [...new Set(patches.map((p) => p.dataset))];
  const placed = new Map<Dataset, PlacedVisit[]>();
  datasets.forEach((ds, di) => {
    const targets = patches.filter((p) => p.dataset === ds);
    const all: PlacedVisit[] = [];
    BANDS.forEach((band, bi) => all.push(...placeVisits(streamFor(seed, 'frames-plan', di, bi), ds, band, targets, seed)));
    placed.set(ds, all);
  });
  // Nights: each night observes one dataset; nights are shared in proportion to the visits.
  const nightList = chooseNights(streamFor(seed, 'frames-calendar'), spec.nights);
  const totalVisits = datasets.reduce((s, ds) => s + placed.get(ds)!.length, 0);
  const share = datasets.map((ds) => Math.max(1, Math.round((nightList.length * placed.get(ds)!.length) / totalVisits)));
  while (share.reduce((a, b) => a + b, 0) > nightList.length) share[share.indexOf(Math.max(...share))]!--;
  while (share.reduce((a, b) => a + b, 0) < nightList.length) share[share.indexOf(Math.min(...share))]!++;
  const assignRng = streamFor(seed, 'frames-nights');
  const nightDataset: Dataset[] = [];
  datasets.forEach((ds, i) => {
    for (let k = 0; k < share[i]!; k++) nightDataset.push(ds);
  });
  shuffle(assignRng, nightDataset);
  const perNight = new Map<number, PlacedVisit[]>();
  for (const ds of datasets) {
    const nights = nightList.filter((_, i) => nightDataset[i] === ds);
    const visits = shuffle(assignRng, [...placed.get(ds)!]);
    visits.forEach((v, i) => {
      const n = nights[i % nights.length]!;
      perNight.set(n, [...(perNight.get(n) ?? []), v]);
    });
  }
  // Exposure numbers: the night's exposures in time order, even numbers, never below the clock.
  let next = 0;
  let pntgBase = 1000;
  const nights: NightPlan[] = nightList.map((night, i) => {
    const ds = nightDataset[i]!;
    const rng = streamFor(seed, 'frames-night-plan', night);
    const science = scheduleScience(rng, night, perNight.get(night) ?? [], pntgBase);
    pntgBase += science.length;
    const firstBand = science[0]?.band ?? 'i';
    const lastBand = science[science.length - 1]?.band ?? 'i';
    const calibs = calibrationExposures(rng, night, ds, firstBand).map((e) => ({ ...e, gapBefore: 0 }));
    const tests = testExposures(rng, night, ds, lastBand).map((e) => ({ ...e, gapBefore: rng.int(3) }));
    const timeline = [...calibs, ...science, ...tests].sort((a, b) => a.mjd - b.mjd);
    next = Math.max(next, visitClock(night));
    const exposures = timeline.map(({ gapBefore, ...e }) => {
      next += 2 * gapBefore;
      const visit = next;
      next += 2;
      return { ...e, visit };
    });
    return { mjd: night, dataset: ds, exposures };
  });
  const plan = { profile, seed, patches, nights };
  planCache.set(cacheKey, plan);
  return plan;
}

function shuffle<T>(rng: Rng, a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** A science visit that is a coadd input of a patch, with what the mosaic table needs. */
export interface PatchInputVisit {
  visit: number;
  night: number;
  /** Exposure start, MJD. */
  mjd: number;
  exptime: number;
  filter01: string;
  /** DET-IDs of the visit's science CCDs that overlap the patch's outer box (its mosaicframe rows). */
  ccds: number[];
}

/**
 * The visits that feed the coadd of (dataset, tract, patch, band) in a profile, in time order.
 * Their count equals coverage.ts's nVisits for the patch and band.
 */
export function patchInputVisits(profile: FrameProfile, seed: StreamId, loc: PatchLocation, band: Band): PatchInputVisit[] {
  const key = locKey(loc);
  const out: PatchInputVisit[] = [];
  for (const night of surveyPlan(profile, seed).nights) {
    for (const e of night.exposures) {
      if (e.kind === 'science' && e.band === band && e.inputs.some((p) => locKey(p) === key)) {
        const ccds = placeScienceCcds(e.pointing)
          .filter((c) => patchesUnderCcd(c.corners, loc.tract).some((p) => p.px === loc.px && p.py === loc.py))
          .map((c) => c.ccd.detId);
        out.push({ visit: e.visit, night: e.night, mjd: e.mjd, exptime: e.exptime, filter01: e.filter01, ccds });
      }
    }
  }
  return out;
}

/** skymap_id of a patch location. */
export function skymapIdOf(loc: PatchLocation): number {
  return skymapId(loc.tract, loc.px, loc.py);
}
