// The HSC data-access cutout service's own interface (hsc-data.md §1.5, §4.7), so HSC users'
// scripts work unchanged: /das_cutout/pdr3/cgi-bin/cutout with ra, dec, sw, sh (or ra1, dec1,
// ra2, dec2), filter, rerun, tract, type and image/mask/variance switches; answered from the one
// patch image that contains the centre (no mosaicking across patches).
import Router from '@koa/router';
import type Koa from 'koa';
import { notFound, usageError } from '../http/errors.ts';
import { hscFilter } from './bands.ts';
import { dataDirOf, getAndPost, requestParams, type ImageServiceDeps } from './deps.ts';
import { findImage } from './images.ts';
import { S_REGION_GEOMETRY } from './obscore.ts';
import { parseNumber, type DaliParams } from './params.ts';
import { PLANES, type Plane } from './planes.ts';
import type { SkyRegion } from './region.ts';
import { sendCutout, sendSodaError } from './soda.ts';

export const HSC_CUTOUT_PATH = '/das_cutout/pdr3/cgi-bin/cutout';

const RERUNS: Readonly<Record<string, string>> = { pdr3_wide: 'pdr3_wide', pdr3_dud: 'pdr3_dud', pdr3_dud_rev: 'pdr3_dud' };
const UNITS: Readonly<Record<string, number>> = { '': 1, deg: 1, degree: 1, degrees: 1, d: 1, arcmin: 1 / 60, amin: 1 / 60, arcsec: 1 / 3600, asec: 1 / 3600 };

/** An angle in degrees: a number with an optional unit (5arcsec, 0.1deg), or sexagesimal (hours for RA). */
export function parseAngle(text: string, what: string, hours = false): number {
  const t = text.trim();
  const sexagesimal = /^([+-]?)(\d+):(\d+)(?::(\d+(?:\.\d*)?))?$/.exec(t);
  if (sexagesimal) {
    const [, sign, a, b, c] = sexagesimal;
    const value = Number(a) + Number(b) / 60 + Number(c ?? 0) / 3600;
    return (sign === '-' ? -1 : 1) * value * (hours ? 15 : 1);
  }
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([a-z]*)$/i.exec(t);
  const factor = UNITS[(m?.[2] ?? 'x').toLowerCase()];
  if (!m || factor === undefined) throw usageError(`${what}: "${text}" is not an angle (e.g. 150.1, 10:00:24.5, 5arcsec, 0.01deg)`);
  return parseNumber(m[1] ?? '', what) * factor;
}

const onOff = (params: DaliParams, name: string, dflt: boolean): boolean => {
  const v = params.single(name)?.trim().toLowerCase();
  if (v === undefined) return dflt;
  if (['on', 'true', '1', 'yes'].includes(v)) return true;
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  throw usageError(`${name}: "${v}" must be on or off`);
};

export interface HscCutoutRequest {
  rerun: string;
  filter: string;
  tract: number | undefined;
  centre: [number, number];
  region: SkyRegion;
  planes: Plane[];
}

/** Reads the HSC cutout parameters into a centre and an RA/Dec box. */
export function hscCutoutRequest(params: DaliParams): HscCutoutRequest {
  const rerunName = params.single('RERUN') ?? 'pdr3_wide';
  const rerun = RERUNS[rerunName];
  if (!rerun) throw usageError(`rerun: "${rerunName}" is not one of ${Object.keys(RERUNS).join(', ')}`);
  const filterName = params.single('FILTER');
  const filter = filterName === undefined ? undefined : hscFilter(filterName);
  if (!filter) throw usageError('filter: give one of HSC-G, HSC-R, HSC-I, HSC-Z, HSC-Y');
  const type = params.single('TYPE') ?? 'coadd';
  if (type !== 'coadd' && type !== 'coadd/bg') throw usageError(`type: only coadd and coadd/bg images are served, not ${type}`);
  const tractText = params.single('TRACT');
  const tract = tractText === undefined || Number(tractText) === -1 ? undefined : parseNumber(tractText, 'tract');
  let ra1: number;
  let ra2: number;
  let dec1: number;
  let dec2: number;
  const angle = (name: string, hours = false): number => {
    const v = params.single(name);
    if (v === undefined) throw usageError(`${name.toLowerCase()} is required (ra, dec, sw, sh or ra1, dec1, ra2, dec2)`);
    return parseAngle(v, name.toLowerCase(), hours);
  };
  if (params.has('RA1')) {
    [ra1, ra2, dec1, dec2] = [angle('RA1', true), angle('RA2', true), angle('DEC1'), angle('DEC2')];
    if (ra1 > ra2) [ra1, ra2] = [ra2, ra1];
    if (dec1 > dec2) [dec1, dec2] = [dec2, dec1];
  } else {
    const ra = angle('RA', true);
    const dec = angle('DEC');
    const sw = params.has('SW') ? angle('SW') : 5 / 3600;
    const sh = params.has('SH') ? angle('SH') : sw;
    if (!(sw > 0 && sh > 0)) throw usageError('sw and sh must be positive');
    const dra = sw / Math.max(Math.cos((dec * Math.PI) / 180), 1e-6);
    [ra1, ra2, dec1, dec2] = [ra - dra, ra + dra, dec - sh, dec + sh];
  }
  const wrap = (ra: number): number => ((ra % 360) + 360) % 360;
  const planes = PLANES.filter((p) => onOff(params, p.name, p.name === 'IMAGE'));
  if (planes.length === 0) throw usageError('ask for at least one of image, mask, variance');
  return {
    rerun, filter: filter.name, tract, planes,
    centre: [wrap((ra1 + ra2) / 2), (dec1 + dec2) / 2],
    region: { type: 'range', ra1: wrap(ra1), ra2: wrap(ra2), dec1: Math.max(-90, dec1), dec2: Math.min(90, dec2) },
  };
}

export function hscCutoutRouter(deps: ImageServiceDeps): Router {
  const router = new Router();
  const handle = async (ctx: Koa.Context): Promise<void> => {
    try {
      const req = hscCutoutRequest(await requestParams(ctx));
      const [ra, dec] = req.centre;
      const r = await deps.db.reader.query<{ obs_publisher_did: string }>(
        `SELECT obs_publisher_did FROM ivoa.obscore
         WHERE obs_collection = $1 AND em_filter_name = $2 AND spoint(radians($3::float8), radians($4::float8)) @ ${S_REGION_GEOMETRY}
           AND ($5::int IS NULL OR obs_publisher_did LIKE '%/' || $5::int || '/%')
         ORDER BY spoint(radians($3::float8), radians($4::float8)) <-> spoint(radians(s_ra), radians(s_dec)) LIMIT 1`,
        [req.rerun, req.filter, ra, dec, req.tract ?? null]);
      const did = r.rows[0]?.obs_publisher_did;
      const image = did === undefined ? undefined : await findImage(deps.db.reader, dataDirOf(deps), did);
      if (!image) throw notFound(`no ${req.filter} image of ${req.rerun}${req.tract === undefined ? '' : ` tract ${req.tract}`} contains (${ra}, ${dec})`);
      await sendCutout(ctx, deps, image, req.region, req.planes);
    } catch (err) {
      sendSodaError(ctx, err, deps);
    }
  };
  getAndPost(router, HSC_CUTOUT_PATH, handle);
  return router;
}
