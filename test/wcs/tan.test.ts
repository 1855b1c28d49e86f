// Celestial TAN WCS (with CD, PC+CDELT, CROTA2 and SIP) against astropy.wcs on generated
// headers: pixel -> sky to 1e-9 deg and sky -> pixel to 1e-6 px, plus shift and footprint.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  formatHeader,
  integerCard,
  logicalCard,
  parseHeader,
  realCard,
  stringCard,
  type HeaderCard,
} from '../../src/fits/header.ts';
import { TanWcs } from '../../src/wcs/tan.ts';
import { astropyJson } from '../fits/astropy.ts';

const hscCd = 0.168 / 3600;
const tan = (crval: [number, number], crpix: [number, number], cd: [[number, number], [number, number]]): HeaderCard[] =>
  new TanWcs({ crval, crpix, cd }).toCards();

const cases: Record<string, HeaderCard[]> = {
  // an HSC patch of tract 9560: tract centre as CRVAL, CRPIX shifted to patch-local pixels
  hscPatch: tan([134.815, 0.744], [18000.5 - 16000 + 100, 18000.5 - 16000 + 100], [[-hscCd, 0], [0, hscCd]]),
  rotatedNearPole: tan([2.5, 84.7], [1200.3, -800.7], [[-3e-4 * Math.cos(0.4), 3e-4 * Math.sin(0.4)], [3e-4 * Math.sin(0.4), 3e-4 * Math.cos(0.4)]]),
  southAcrossRaZero: tan([359.9, -62.1], [2100, 2100], [[-hscCd, 1e-7], [-2e-7, hscCd]]),
  pcCdelt: [
    stringCard('CTYPE1', 'RA---TAN'), stringCard('CTYPE2', 'DEC--TAN'),
    realCard('CRVAL1', 150.1), realCard('CRVAL2', 2.2), realCard('CRPIX1', 500), realCard('CRPIX2', 400),
    realCard('CDELT1', -2e-4), realCard('CDELT2', 2.5e-4),
    realCard('PC1_1', 0.98), realCard('PC1_2', 0.17), realCard('PC2_1', -0.16), realCard('PC2_2', 0.99),
  ],
  crota: [
    stringCard('CTYPE1', 'RA---TAN'), stringCard('CTYPE2', 'DEC--TAN'),
    realCard('CRVAL1', 34.5), realCard('CRVAL2', -5.1), realCard('CRPIX1', 1000), realCard('CRPIX2', 1000),
    realCard('CDELT1', -1e-4), realCard('CDELT2', 1e-4), realCard('CROTA2', 23.5),
  ],
  sip: [
    stringCard('CTYPE1', 'RA---TAN-SIP'), stringCard('CTYPE2', 'DEC--TAN-SIP'),
    realCard('CRVAL1', 242.8), realCard('CRVAL2', 55.0), realCard('CRPIX1', 1024.5), realCard('CRPIX2', 2088.5),
    realCard('CD1_1', -4.6e-5), realCard('CD1_2', 1.1e-6), realCard('CD2_1', 1.3e-6), realCard('CD2_2', 4.7e-5),
    integerCard('A_ORDER', 3), realCard('A_2_0', 2.1e-6), realCard('A_1_1', -1.3e-6), realCard('A_0_2', 4e-7),
    realCard('A_3_0', 3e-10), realCard('A_1_2', -2e-10),
    integerCard('B_ORDER', 3), realCard('B_2_0', -7e-7), realCard('B_1_1', 1.9e-6), realCard('B_0_2', -1.1e-6),
    realCard('B_0_3', 2.5e-10), realCard('B_2_1', 1e-10),
    integerCard('AP_ORDER', 2), realCard('AP_2_0', -2.1e-6), realCard('AP_1_1', 1.3e-6), realCard('AP_0_2', -4e-7),
    integerCard('BP_ORDER', 2), realCard('BP_2_0', 7e-7), realCard('BP_1_1', -1.9e-6), realCard('BP_0_2', 1.1e-6),
  ],
};

const pixels: [number, number][] = [];
for (let i = 0; i < 60; i++) pixels.push([((i * 7919) % 4700) - 300 + i / 7, ((i * 104729) % 4700) - 300 + i / 11]);

interface AstropyResult {
  sky: [number, number][];
  pix: [number, number][];
  footprint: [number, number][];
}

/** One astropy run for every header file (each python start costs about a second). */
function astropyFor(headerFiles: string[]): AstropyResult[] {
  return astropyJson<AstropyResult[]>(
    `import json, sys, numpy as np
from astropy.io import fits
from astropy.wcs import WCS
pts = np.array(json.load(sys.stdin))
out = []
for name in ${JSON.stringify(headerFiles)}:
    w = WCS(fits.getheader(name))
    sky = w.all_pix2world(pts, 0)
    pix = w.all_world2pix(sky, 0, tolerance=1e-12, maxiter=200)
    fp = w.calc_footprint(axes=(4200, 4100), center=True)
    out.append({'sky': sky.tolist(), 'pix': pix.tolist(), 'footprint': fp.tolist()})
print(json.dumps(out))`,
    pixels,
  );
}

function separationDeg(a: [number, number], b: [number, number]): number {
  const d2r = Math.PI / 180;
  const dra = (((a[0] - b[0] + 540) % 360) - 180) * Math.cos(a[1] * d2r);
  return Math.hypot(dra, a[1] - b[1]);
}

describe('TAN WCS against astropy', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcs-'));
  const names = Object.keys(cases);
  const files = names.map((name) => {
    const file = path.join(dir, `${name}.fits`);
    const header = [logicalCard('SIMPLE', true), integerCard('BITPIX', 8), integerCard('NAXIS', 0), ...cases[name]!];
    fs.writeFileSync(file, formatHeader(header));
    return file;
  });
  let refs: AstropyResult[] = [];
  beforeAll(() => {
    refs = astropyFor(files);
  });
  names.forEach((name, k) => {
    it(`maps pixels to sky and back like astropy: ${name}`, () => {
      const file = files[k]!;
      const ref = refs[k]!;
      const wcs = TanWcs.fromHeader(parseHeader(fs.readFileSync(file)).cards);
      pixels.forEach(([x, y], i) => {
        const sky = wcs.pixelToSky(x, y);
        expect(separationDeg(sky, ref.sky[i]!)).toBeLessThan(1e-9);
        const [px, py] = wcs.skyToPixel(ref.sky[i]![0], ref.sky[i]![1]);
        expect(Math.abs(px - x)).toBeLessThan(1e-6);
        expect(Math.abs(py - y)).toBeLessThan(1e-6);
        expect(Math.abs(px - ref.pix[i]![0])).toBeLessThan(1e-6);
      });
      // astropy lists corners (0,0), (0,h), (w,h), (w,0); ours go (0,0), (w,0), (w,h), (0,h)
      const ours = wcs.footprint(4200, 4100, 'centers');
      [0, 3, 2, 1].forEach((j, i) => expect(separationDeg(ours[j]!, ref.footprint[i]!)).toBeLessThan(1e-9));
    });
  });

  it('round-trips its own header cards', () => {
    const wcs = TanWcs.fromHeader(cases.sip!);
    const again = TanWcs.fromHeader(parseHeader(formatHeader(wcs.toCards())).cards);
    expect(again.params).toEqual(wcs.params);
  });

  it('keeps every pixel at its sky position in a shifted (cutout) WCS', () => {
    const wcs = TanWcs.fromHeader(cases.sip!);
    const cut = wcs.shifted(1234, 567);
    const a = wcs.pixelToSky(1300.25, 600.75);
    const b = cut.pixelToSky(1300.25 - 1234, 600.75 - 567);
    expect(separationDeg(a, b)).toBeLessThan(1e-12);
  });

  it('rejects non-TAN projections', () => {
    expect(() => TanWcs.fromHeader([stringCard('CTYPE1', 'RA---SIN'), stringCard('CTYPE2', 'DEC--SIN')])).toThrow(/unsupported/);
  });
});
