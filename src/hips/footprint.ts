// Which HiPS tiles a source image touches: tile outlines mapped into the image's pixel
// frame (bounding boxes with a margin), and the candidate tiles of an order around an image.
import { ang2pix_nest, ang2vec, order2nside, query_disc_inclusive_nest } from '@hscmap/healpix';
import type { PixelBox } from '../fits/reader.ts';
import { TanWcs } from '../wcs/tan.ts';
import { tileOutline } from './healpix.ts';
import type { SourceImage } from './sources.ts';

const D2R = Math.PI / 180;
/** Extra source pixels read around a tile's outline: bilinear neighbours and edge curvature. */
const MARGIN = 3;

/**
 * The part of a source image under a tile (or block), in 0-based source pixels, including
 * the bilinear neighbours; null when they do not overlap.
 */
export function sourceBoxUnder(order: number, npix: number, image: SourceImage, wcs = new TanWcs(image.wcs)): PixelBox | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of tileOutline(order, npix, 7)) {
    const [x, y] = wcs.skyToPixel(p.ra, p.dec);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  if (imageCentreTile(image, wcs, order) === npix) {
    // A tile much larger than the image: its outline may lie beyond the tangent plane.
    return { x0: 0, y0: 0, width: image.width, height: image.height };
  }
  const bx0 = Math.max(0, Math.floor(x0) - MARGIN);
  const by0 = Math.max(0, Math.floor(y0) - MARGIN);
  const bx1 = Math.min(image.width - 1, Math.ceil(x1) + MARGIN);
  const by1 = Math.min(image.height - 1, Math.ceil(y1) + MARGIN);
  if (bx1 < bx0 || by1 < by0) return null;
  return { x0: bx0, y0: by0, width: bx1 - bx0 + 1, height: by1 - by0 + 1 };
}

function imageCentreTile(image: SourceImage, wcs: TanWcs, order: number): number {
  const [ra, dec] = wcs.pixelToSky((image.width - 1) / 2, (image.height - 1) / 2);
  return ang2pix_nest(order2nside(order), (90 - dec) * D2R, ra * D2R);
}

/** Tiles of `order` that overlap the image (inclusive disc query, then the box test). */
export function tilesTouching(image: SourceImage, order: number): number[] {
  const wcs = new TanWcs(image.wcs);
  const corners = wcs.footprint(image.width, image.height, 'outer');
  const [cra, cdec] = wcs.pixelToSky((image.width - 1) / 2, (image.height - 1) / 2);
  const centre = ang2vec((90 - cdec) * D2R, cra * D2R);
  let radius = 0;
  for (const [ra, dec] of corners) {
    const v = ang2vec((90 - dec) * D2R, ra * D2R);
    radius = Math.max(radius, Math.acos(Math.min(1, v[0] * centre[0] + v[1] * centre[1] + v[2] * centre[2])));
  }
  const found: number[] = [];
  query_disc_inclusive_nest(order2nside(order), centre, radius * 1.01 + 1e-9, (npix) => {
    if (sourceBoxUnder(order, npix, image, wcs)) found.push(npix);
  });
  return found.sort((a, b) => a - b);
}
