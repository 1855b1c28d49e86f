// SODA 1.0 sync cutouts (SODA 1.0 §3, §5): ID, CIRCLE, POLYGON, POS, BAND, PIXELS and PLANE at
// /soda/sync, answered with a FITS file streamed as it is read; errors as text/plain starting with
// the SODA error codes (§5.2). Also the VOSI /soda/capabilities and /soda/availability.
import { PassThrough } from 'node:stream';
import Router from '@koa/router';
import type Koa from 'koa';
import { writableSink } from '../fits/sink.ts';
import { asServiceError, notFound, ServiceError, usageError } from '../http/errors.ts';
import { hscFilter } from './bands.ts';
import { cutoutBox, openCutoutSource, writeCutout, type CutoutRegion } from './cutout.ts';
import { dataDirOf, getAndPost, imageServiceVosi, requestParams, type ImageServiceDeps } from './deps.ts';
import { SODA_PATH, STANDARD } from './descriptors.ts';
import { findImage, type CoaddImage } from './images.ts';
import { parseInterval, parseNumbers, type DaliParams } from './params.ts';
import { selectPlanes, type Plane } from './planes.ts';
import { parseCircle, parsePolygon, parsePos } from './region.ts';

/** SODA §5.2: the text of an error answer, starting with its code. */
export function sodaErrorText(err: ServiceError): string {
  const code = err.code ?? (err.kind === 'overloaded' ? 'ServiceUnavailable' : err.status >= 500 ? 'Error' : 'UsageError');
  return `${code}: ${err.message}\n`;
}

export function sendSodaError(ctx: Koa.Context, err: unknown, deps: ImageServiceDeps): void {
  const se = asServiceError(err);
  if (se.status >= 500) deps.log.error('cutout failed', { error: (err as Error).stack ?? String(err) });
  ctx.status = se.status;
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = sodaErrorText(se);
}

/** The cutout region or band misses the image. SODA 1.0 §5.1: answered 204 No Content, empty body. */
export class NoOverlapError extends ServiceError {
  constructor(what: string) {
    super('usage', `NoOverlap: ${what}`);
  }
}
const noOverlap = (what: string): ServiceError => new NoOverlapError(what);

/** PIXELS "x1 x2 y1 y2": 1-based inclusive pixel ranges (FITS order). */
function parsePixels(text: string): CutoutRegion {
  const n = parseNumbers(text, 'PIXELS');
  if (n.length !== 4 || !n.every(Number.isInteger)) throw usageError(`PIXELS: "${text}" must be four integers "x1 x2 y1 y2"`);
  const [x1, x2, y1, y2] = n as [number, number, number, number];
  if (x1 > x2 || y1 > y2) throw usageError(`PIXELS: "${text}" must have x1 <= x2 and y1 <= y2`);
  return { type: 'pixels', x1, x2, y1, y2 };
}

const REGION_PARAMS: readonly [string, (text: string) => CutoutRegion][] = [
  ['CIRCLE', (t) => parseCircle(t)], ['POLYGON', (t) => parsePolygon(t)], ['POS', parsePos], ['PIXELS', parsePixels],
];

export interface SodaRequest {
  id: string;
  /** Undefined: the whole image. */
  region: CutoutRegion | undefined;
  band: { lo: number; hi: number } | undefined;
  planes: Plane[];
}

/** Reads a SODA request; several spatial constraints at once are MultiValuedParamNotSupported (§3.1). */
export function sodaRequest(params: DaliParams): SodaRequest {
  const ids = params.all('ID');
  if (ids.length === 0) throw usageError('ID is required: the obs_publisher_did of an image (see /sia/query or ivoa.obscore)');
  if (ids.length > 1) throw usageError('one ID per request', 'MultiValuedParamNotSupported');
  const regions = REGION_PARAMS.flatMap(([name, parse]) => params.all(name).map(parse));
  if (regions.length > 1) throw usageError('give one of CIRCLE, POLYGON, POS or PIXELS, once', 'MultiValuedParamNotSupported');
  const band = params.single('BAND');
  return {
    id: ids[0] as string, region: regions[0],
    band: band === undefined ? undefined : parseInterval(band, 'BAND'),
    planes: selectPlanes(params.all('PLANE')),
  };
}

/**
 * Answers with the cutout of `image`: checks overlap and size first (errors still possible), then
 * streams the FITS file.
 */
export async function sendCutout(ctx: Koa.Context, deps: ImageServiceDeps, image: CoaddImage, region: CutoutRegion | undefined,
  planes: readonly Plane[]): Promise<void> {
  const source = await openCutoutSource(image.file);
  let streaming = false;
  try {
    const box = region === undefined ? { x0: 0, y0: 0, width: source.width, height: source.height }
      : cutoutBox(source.wcs, source.width, source.height, region);
    if (!box) throw noOverlap(`the requested region does not overlap ${image.did}`);
    const max = deps.config.images.sodaMaxPixels;
    if (box.width * box.height > max) {
      throw new ServiceError('too-large', `TooLarge: a ${box.width}x${box.height} cutout is more than ${max} pixels; ask for a smaller region, or the whole file through DataLink #this`, 'UsageError');
    }
    const body = new PassThrough();
    const name = `cutout-${image.id.filter}-${image.id.tract}-${image.id.patch.x},${image.id.patch.y}-${box.x0 + 1}-${box.y0 + 1}.fits`;
    ctx.status = 200;
    ctx.type = 'application/fits';
    ctx.set('Content-Disposition', `inline; filename="${name}"`);
    ctx.body = body;
    streaming = true;
    writeCutout(source, box, planes, writableSink(body), { did: image.did, file: image.file, request: ctx.querystring || ctx.path })
      .catch((err: unknown) => {
        deps.log.error('cutout stream failed', { error: (err as Error).stack ?? String(err) });
        body.destroy(err as Error);
      })
      .finally(() => { void source.reader.close(); });
  } finally {
    if (!streaming) await source.reader.close();
  }
}

export function sodaRouter(deps: ImageServiceDeps): Router {
  const router = new Router();
  const sync = async (ctx: Koa.Context): Promise<void> => {
    try {
      const request = sodaRequest(await requestParams(ctx));
      const image = await findImage(deps.db.reader, dataDirOf(deps), request.id);
      if (!image) throw notFound(`no image with ID ${request.id}`);
      const filter = hscFilter(image.id.filter);
      if (request.band && filter && (request.band.hi < filter.emMin || request.band.lo > filter.emMax)) {
        throw noOverlap(`BAND ${request.band.lo} ${request.band.hi} m is outside ${filter.name} (${filter.emMin}..${filter.emMax} m)`);
      }
      await sendCutout(ctx, deps, image, request.region, request.planes);
    } catch (err) {
      if (err instanceof NoOverlapError) {
        ctx.status = 204;
        ctx.set('X-Soda-Message', err.message);
        ctx.body = null;
        return;
      }
      sendSodaError(ctx, err, deps);
    }
  };
  getAndPost(router, SODA_PATH, sync);
  const vosi = imageServiceVosi(deps, '/soda', {
    standardID: STANDARD.soda, path: '/sync', version: '1.0',
    description: `SODA sync cutouts of the HSC coadd images (at most ${deps.config.images.sodaMaxPixels} pixels per plane)`,
  });
  router.use(vosi.routes(), vosi.allowedMethods());
  return router;
}
