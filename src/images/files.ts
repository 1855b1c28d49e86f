// The DataLink products that are not cutouts: the full calexp file (#this) and a PNG preview
// (#preview) of its IMAGE plane, block-averaged and asinh-stretched with sharp, cached on disk.
// sharp (libvips, ~20 MB resident once loaded) is imported at the first preview, not at start.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Router from '@koa/router';
import type Koa from 'koa';
import { FitsReader, imageSize } from '../fits/reader.ts';
import { notFound } from '../http/errors.ts';
import { dataDirOf, requestParams, type ImageServiceDeps } from './deps.ts';
import { findImage, type CoaddImage } from './images.ts';
import { sendSodaError } from './soda.ts';

export const FILE_PATH = '/images/file';
export const PREVIEW_PATH = '/images/preview';

/** Rows of the source read at once while block-averaging. */
const PREVIEW_STRIP_BLOCKS = 16;

/** Median and a robust sigma (1.4826 × MAD) of the finite values of a sample. */
function robustStats(sample: Float32Array): { median: number; sigma: number } {
  const v = Array.from(sample).filter(Number.isFinite).sort((a, b) => a - b);
  const median = v[Math.floor(v.length / 2)] ?? 0;
  const dev = v.map((x) => Math.abs(x - median)).sort((a, b) => a - b);
  return { median, sigma: 1.4826 * (dev[Math.floor(dev.length / 2)] ?? 1) || 1 };
}

/** The IMAGE plane averaged over factor×factor blocks, rows top-down (PNG order). */
async function blockAverage(reader: FitsReader, size: number): Promise<{ data: Float32Array; width: number; height: number }> {
  const [nx, ny] = imageSize(reader.hdu('IMAGE'));
  const factor = Math.max(1, Math.ceil(Math.max(nx, ny) / size));
  const width = Math.floor(nx / factor);
  const height = Math.floor(ny / factor);
  const data = new Float32Array(width * height);
  for (let by = 0; by < height; by += PREVIEW_STRIP_BLOCKS) {
    const blocks = Math.min(PREVIEW_STRIP_BLOCKS, height - by);
    const rect = await reader.readImage('IMAGE', { x0: 0, y0: by * factor, width: nx, height: blocks * factor });
    const px = rect.pixels;
    for (let b = 0; b < blocks; b++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        let n = 0;
        for (let dy = 0; dy < factor; dy++) {
          const row = (b * factor + dy) * nx + x * factor;
          for (let dx = 0; dx < factor; dx++) {
            const v = px[row + dx] as number;
            if (Number.isFinite(v)) { sum += v; n++; }
          }
        }
        // FITS rows go bottom-up, PNG rows top-down.
        data[(height - 1 - (by + b)) * width + x] = n ? sum / n : NaN;
      }
    }
  }
  return { data, width, height };
}

/** A PNG of the IMAGE plane: asinh stretch from 1 sigma below the sky to the 99.8th percentile. */
export async function renderPreview(file: string, size: number): Promise<Buffer> {
  const reader = await FitsReader.open(file);
  try {
    const { data, width, height } = await blockAverage(reader, size);
    const { median, sigma } = robustStats(data);
    const sorted = Array.from(data).filter(Number.isFinite).sort((a, b) => a - b);
    const top = Math.max(sorted[Math.floor(sorted.length * 0.998)] ?? median + sigma, median + 10 * sigma);
    const lo = median - sigma;
    const soft = 3 * sigma;
    const span = Math.asinh((top - lo) / soft);
    const gray = Buffer.alloc(width * height);
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as number;
      const t = Number.isFinite(v) ? Math.asinh(Math.max(0, v - lo) / soft) / span : 0;
      gray[i] = Math.round(255 * Math.min(1, Math.max(0, t)));
    }
    const { default: sharp } = await import('sharp');
    return await sharp(gray, { raw: { width, height, channels: 1 } }).png().toBuffer();
  } finally {
    await reader.close();
  }
}

/** The preview from the cache (keyed by file, size and modification time), rendered once. */
export async function cachedPreview(image: CoaddImage, cacheDir: string, size: number): Promise<Buffer> {
  const stat = await fs.promises.stat(image.file);
  const key = crypto.createHash('sha256').update(JSON.stringify([image.file, stat.size, stat.mtimeMs, size])).digest('hex').slice(0, 32);
  const cached = path.join(cacheDir, `${key}.png`);
  const hit = await fs.promises.readFile(cached).catch(() => undefined);
  if (hit) return hit;
  const png = await renderPreview(image.file, size);
  await fs.promises.mkdir(cacheDir, { recursive: true });
  const partial = `${cached}.${process.pid}.${crypto.randomUUID()}.partial`;
  await fs.promises.writeFile(partial, png);
  await fs.promises.rename(partial, cached);
  return png;
}

async function imageOf(ctx: Koa.Context, deps: ImageServiceDeps): Promise<CoaddImage> {
  const id = (await requestParams(ctx)).single('ID');
  const image = id === undefined ? undefined : await findImage(deps.db.reader, dataDirOf(deps), id);
  if (!image) throw notFound(id === undefined ? 'ID is required' : `no image with ID ${id}`);
  return image;
}

export function imageFilesRouter(deps: ImageServiceDeps): Router {
  const router = new Router();
  router.get(FILE_PATH, async (ctx) => {
    try {
      const image = await imageOf(ctx, deps);
      ctx.type = 'application/fits';
      ctx.length = image.size;
      ctx.set('Content-Disposition', `attachment; filename="${path.basename(image.file)}"`);
      ctx.body = fs.createReadStream(image.file);
    } catch (err) {
      sendSodaError(ctx, err, deps);
    }
  });
  router.get(PREVIEW_PATH, async (ctx) => {
    try {
      const image = await imageOf(ctx, deps);
      ctx.type = 'image/png';
      ctx.set('Cache-Control', 'public, max-age=86400');
      ctx.body = await cachedPreview(image, deps.config.images.previewCacheDir, deps.config.images.previewSize);
    } catch (err) {
      sendSodaError(ctx, err, deps);
    }
  });
  return router;
}
