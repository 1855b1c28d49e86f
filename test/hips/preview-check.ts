// An independent check of a preview.jpg: astropy's TAN WCS gives each preview pixel's sky
// position, the source images (bilinear, overlaps averaged) what the sky holds there, and a rank
// correlation says whether the preview shows it (any stretch keeps the ranks), mirrored as control.
import sharp from 'sharp';
import type { PreviewView } from '../../src/hips/preview.ts';
import { astropyJson } from '../fits/astropy.ts';

export interface PreviewAgreement {
  /** Preview pixels some source covers. */
  covered: number;
  /** Spearman correlation of the preview's grey levels with the source values. */
  correlation: number;
  /** The same with the preview mirrored left-right (0 when that shows only blank sky). */
  mirroredCorrelation: number;
}

const SCRIPT = String.raw`
import json, sys, math
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
from scipy.ndimage import map_coordinates
from scipy.stats import spearmanr
a = json.load(sys.stdin)
n = a['size']
grey = np.array(a['grey'], dtype=float).reshape(n, n)          # top row first
step = math.degrees(2 * math.tan(math.radians(a['fov']) / 2) / n)
w = WCS(naxis=2)
w.wcs.ctype = ['RA---TAN', 'DEC--TAN']
w.wcs.crval = [a['ra'], a['dec']]
w.wcs.crpix = [(n + 1) / 2, (n + 1) / 2]
w.wcs.cdelt = [-step, step]
cols, rows = np.meshgrid(np.arange(n), np.arange(n))
ra, dec = w.wcs_pix2world(cols.ravel(), (n - 1 - rows).ravel(), 0)   # image row 0 is the top
total = np.zeros(n * n); count = np.zeros(n * n)
for f in a['files']:
    hdu = next(h for h in fits.open(f) if h.data is not None and h.data.ndim == 2)
    x, y = WCS(hdu.header).wcs_world2pix(ra, dec, 0)
    h, wd = hdu.data.shape
    inside = (x >= 0) & (x <= wd - 1) & (y >= 0) & (y <= h - 1)
    v = map_coordinates(hdu.data.astype(float), [y[inside], x[inside]], order=1)
    total[inside] += v; count[inside] += 1
cov = count > 0
expected = total[cov] / count[cov]
def rho(img):
    r = float(spearmanr(img.ravel()[cov], expected).correlation)
    return 0.0 if math.isnan(r) else r   # a constant sample (all blank) correlates with nothing
print(json.dumps({'covered': int(cov.sum()), 'correlation': rho(grey), 'mirroredCorrelation': rho(grey[:, ::-1])}))
`;

export async function previewAgreement(file: string, view: PreviewView, sourceFiles: readonly string[]): Promise<PreviewAgreement> {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  return astropyJson<PreviewAgreement>(SCRIPT, { ...view, size: info.width, grey: Array.from(data), files: sourceFiles });
}
