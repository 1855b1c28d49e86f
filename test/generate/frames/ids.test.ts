// Frame identifiers and the focal plane (hsc-data.md §3.4): FRAMEID/EXP-ID formats and the DET-ID table.
import { describe, expect, it } from 'vitest';
import { CAMERA, SCIENCE_CAMERA, ccdAt } from '../../../src/generate/frames/camera.ts';
import { expId, frameId, parseFrameId, visitFrameRange } from '../../../src/generate/frames/ids.ts';

describe('frame ids', () => {
  it('parses the real headers quoted in the spec to (visit, ccdname)', () => {
    expect(parseFrameId('HSCA04090107')).toEqual({ visit: 40900, half: 1, sdo: 7, ccdname: '1_07' });
    expect(parseFrameId('HSCA90402512')).toEqual({ visit: 904024, half: 1, sdo: 12, ccdname: '1_12' });
  });

  it('round-trips every CCD of a visit and rejects non-ids', () => {
    for (const ccd of CAMERA) {
      const id = frameId(152974, ccd.half, ccd.sdo);
      expect(parseFrameId(id)).toMatchObject({ visit: 152974, half: ccd.half, sdo: ccd.sdo });
    }
    expect(parseFrameId('HSCA1529740')).toBeNull();
    expect(parseFrameId('HSCA15297460')).toBeNull(); // SDO-ID 60 does not exist
    expect(parseFrameId('XSCA15297400')).toBeNull();
  });

  it('spans a whole visit with the seed range HSCA15297400..HSCA15297557', () => {
    expect(visitFrameRange(152974)).toEqual({ start: 'HSCA15297400', end: 'HSCA15297557' });
    for (const ccd of CAMERA) {
      const id = frameId(152974, ccd.half, ccd.sdo);
      expect(id >= 'HSCA15297400' && id <= 'HSCA15297557').toBe(true);
    }
  });

  it('switches EXP-ID from HSCA to HSCE on 2016-06-14', () => {
    expect(expId(40900, 57305)).toBe('HSCA04090000');
    expect(expId(227770, 59131)).toBe('HSCE00227770');
  });
});

describe('camera', () => {
  it('reads 104 science and 8 focus CCDs with unique DET-IDs and slots', () => {
    expect(SCIENCE_CAMERA).toHaveLength(104);
    expect(CAMERA).toHaveLength(112);
    expect(new Set(CAMERA.map((c) => c.detId)).size).toBe(112);
    expect(new Set(CAMERA.map((c) => `${c.half}_${c.sdo}`)).size).toBe(112);
    expect(CAMERA.filter((c) => c.kind === 'focus').map((c) => c.detId)).toEqual([104, 105, 106, 107, 108, 109, 110, 111]);
  });

  it('keeps the two DET-IDs known from real headers', () => {
    expect(ccdAt(1, 7)?.detId).toBe(37);
    expect(ccdAt(1, 12)?.detId).toBe(50);
    expect(ccdAt(0, 57)).toBeUndefined(); // an autoguider slot
  });
});
