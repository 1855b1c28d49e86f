// DataLink 1.1 {links} (DataLink 1.1 §2-§4) at /datalink/links: for each ID the full calexp
// (#this), its mask and variance planes, a PNG preview and #cutout with a per-image SODA service
// descriptor; unknown IDs as NotFoundFault rows; at most DATALINK_MAX_IDS IDs, then OVERFLOW.
import Router from '@koa/router';
import type Koa from 'koa';
import { fieldIds, resolveFormat, votableError, type FieldMeta, type Row } from '../formats/index.ts';
import { asServiceError, usageError } from '../http/errors.ts';
import { hscFilter } from './bands.ts';
import { openCutoutSource, separation } from './cutout.ts';
import { dataDirOf, getAndPost, requestParams, sendDocument, serverBase, type ImageServiceDeps } from './deps.ts';
import { sodaDescriptor, SODA_PATH, STANDARD, type ImageExtent } from './descriptors.ts';
import { FILE_PATH, PREVIEW_PATH } from './files.ts';
import { findImage, type CoaddImage } from './images.ts';
import type { DaliParams } from './params.ts';
import { markOverflow, resultDocument, type ServiceDescriptor } from './votable.ts';

export const DATALINK_CONTENT_TYPE = 'application/x-votable+xml;content=datalink';

const column = (name: string, ucd: string, description: string, extra: Partial<FieldMeta> = {}): Omit<FieldMeta, 'id'> =>
  ({ name, datatype: 'char', arraysize: '*', ucd, description, ...extra });

const COLUMNS = [
  column('ID', 'meta.id;meta.main', 'Input identifier'),
  column('access_url', 'meta.ref.url', 'Link to data or service'),
  column('service_def', 'meta.ref', 'Reference to a service descriptor resource'),
  column('error_message', 'meta.code.error', 'Error if the link could not be made'),
  column('description', 'meta.note', 'What the link leads to'),
  column('semantics', 'meta.code', 'Term from the IVOA DataLink vocabulary'),
  column('content_type', 'meta.code.mime', 'MIME type of the linked content'),
  column('content_length', 'phys.size;meta.file', 'Size of the linked content', { datatype: 'long', arraysize: undefined, unit: 'byte' }),
  column('local_semantics', 'meta.id.assoc', 'What the link is in this archive (file, mask, variance, preview, cutout)'),
];
const ids = fieldIds(COLUMNS.map((c) => c.name));
export const DATALINK_FIELDS: FieldMeta[] = COLUMNS.map((c, i) => {
  const { arraysize, ...rest } = c;
  return { ...rest, ...(arraysize === undefined ? {} : { arraysize }), id: ids[i] ?? c.name };
});

interface Link {
  accessUrl?: string;
  serviceDef?: string;
  error?: string;
  description: string;
  semantics: string;
  contentType?: string;
  contentLength?: bigint;
  local: string;
}

const rowOf = (id: string, l: Link): Row => [
  id, l.accessUrl ?? null, l.serviceDef ?? null, l.error ?? null, l.description, l.semantics,
  l.contentType ?? null, l.contentLength ?? null, l.local,
];

const query = (base: string, path: string, did: string, extra = ''): string => `${base}${path}?ID=${encodeURIComponent(did)}${extra}`;

/** The image's SODA ranges: bounding circle, footprint polygon and filter interval (SODA §4.2). */
async function extentOf(image: CoaddImage): Promise<ImageExtent> {
  const source = await openCutoutSource(image.file);
  try {
    const corners = source.wcs.footprint(source.width, source.height, 'outer');
    const [ra, dec] = source.wcs.pixelToSky((source.width - 1) / 2, (source.height - 1) / 2);
    const radius = Math.max(...corners.map(([r, d]) => separation(ra, dec, r, d)));
    const filter = hscFilter(image.id.filter);
    const n = (x: number): string => x.toFixed(7);
    return {
      circle: `${n(ra)} ${n(dec)} ${n(radius)}`, polygon: corners.map(([r, d]) => `${n(r)} ${n(d)}`).join(' '),
      emMin: filter?.emMin ?? 0, emMax: filter?.emMax ?? 0, width: source.width, height: source.height,
    };
  } finally {
    await source.reader.close();
  }
}

/** The links of one image and the SODA descriptor its #cutout row points at. */
async function imageLinks(base: string, image: CoaddImage, serviceId: string): Promise<{ links: Link[]; descriptor: ServiceDescriptor }> {
  const extent = await extentOf(image);
  const plane = BigInt(extent.width * extent.height * 4 + 4 * 2880 * 2);
  const links: Link[] = [
    { accessUrl: query(base, FILE_PATH, image.did), description: 'The full coadd calexp file: IMAGE, MASK and VARIANCE HDUs', semantics: '#this', contentType: 'application/fits', contentLength: BigInt(image.size), local: 'file' },
    { accessUrl: query(base, SODA_PATH, image.did, '&PLANE=MASK'), description: 'The mask plane alone (int32 bits, MP_* cards name them)', semantics: '#auxiliary', contentType: 'application/fits', contentLength: plane, local: 'mask' },
    { accessUrl: query(base, SODA_PATH, image.did, '&PLANE=VARIANCE'), description: 'The variance plane alone (counts^2)', semantics: '#auxiliary', contentType: 'application/fits', contentLength: plane, local: 'variance' },
    { accessUrl: query(base, PREVIEW_PATH, image.did), description: 'PNG preview of the image (asinh stretch)', semantics: '#preview', contentType: 'image/png', local: 'preview' },
    { serviceDef: serviceId, description: 'Cutouts by CIRCLE, POLYGON, POS, PIXELS; planes by PLANE (SODA sync)', semantics: '#cutout', contentType: 'application/fits', local: 'cutout' },
  ];
  return { links, descriptor: sodaDescriptor(base, serviceId, 'ID', extent) };
}

/** DataLink §3.3.1: no RESPONSEFORMAT, or the VOTable names (MIME parameters stripped). */
function checkFormat(params: DaliParams): void {
  const value = params.single('RESPONSEFORMAT');
  if (value === undefined) return;
  const mime = (value.split(';')[0] ?? '').trim().toLowerCase();
  if (!['votable', 'application/x-votable+xml', 'text/xml'].includes(mime)) {
    throw usageError(`RESPONSEFORMAT ${value} is not supported: DataLink answers are VOTables (application/x-votable+xml)`);
  }
}

export function datalinkRouter(deps: ImageServiceDeps): Router {
  const router = new Router();
  const links = async (ctx: Koa.Context): Promise<void> => {
    try {
      const params = await requestParams(ctx);
      checkFormat(params);
      const base = serverBase(ctx, deps);
      const all = params.all('ID');
      const max = deps.config.images.datalinkMaxIds;
      const rows: Row[] = [];
      const descriptors: ServiceDescriptor[] = [];
      for (const [i, id] of all.slice(0, max).entries()) {
        const image = await findImage(deps.db.reader, dataDirOf(deps), id);
        if (!image) {
          rows.push(rowOf(id, { error: `NotFoundFault: no image with ID ${id}`, description: 'Unknown identifier', semantics: '#this', local: 'file' }));
          continue;
        }
        const made = await imageLinks(base, image, `soda-${i + 1}`);
        rows.push(...made.links.map((l) => rowOf(id, l)));
        descriptors.push(made.descriptor);
      }
      const infos = [{ name: 'standardID', value: STANDARD.datalink }];
      const doc = await resultDocument(resolveFormat('votable'), DATALINK_FIELDS, rows, { infos, descriptors, contentType: DATALINK_CONTENT_TYPE });
      const body = all.length > max ? markOverflow(doc.body, `only the first ${max} IDs were processed`) : doc.body;
      sendDocument(ctx, doc.contentType, body);
    } catch (err) {
      const se = asServiceError(err);
      if (se.status >= 500) deps.log.error('DataLink request failed', { error: (err as Error).stack ?? String(err) });
      ctx.status = se.status;
      ctx.type = 'application/x-votable+xml';
      ctx.body = votableError(`${se.status >= 500 ? 'FatalFault' : 'UsageFault'}: ${se.message}`);
    }
  };
  getAndPost(router, '/datalink/links', links);
  return router;
}
