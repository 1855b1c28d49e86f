// SIA 2.0 endpoints (SIA 2.0 §2): /sia/query (DALI-sync GET/POST) answering ObsCore-shaped
// VOTables with DataLink and SODA descriptors, plus VOSI /sia/capabilities and /sia/availability.
import Router from '@koa/router';
import type Koa from 'koa';
import { resolveFormat, UnsupportedFormatError, votableError, type Row } from '../formats/index.ts';
import { asServiceError, usageError } from '../http/errors.ts';
import { fieldsOf } from '../metadata/fields.ts';
import { getAndPost, imageServiceVosi, metadataOf, requestParams, sendDocument, serverBase, type ImageServiceDeps } from './deps.ts';
import { datalinkDescriptor, siaSelfDescriptor, sodaDescriptor, STANDARD } from './descriptors.ts';
import { MAX_RADIUS } from './region.ts';
import { siaQuery } from './sia.ts';
import { markOverflow, resultDocument } from './votable.ts';

const ID_FIELD = 'obs_publisher_did';

/** SIA 2.0 §3.2: error messages start with UsageFault, TransientFault or FatalFault. */
export function siaFault(err: unknown): { status: number; message: string } {
  const se = asServiceError(err);
  const fault = se.status >= 500 ? (se.kind === 'overloaded' ? 'TransientFault' : 'FatalFault') : 'UsageFault';
  return { status: se.status, message: `${fault}: ${se.message}` };
}

export function siaRouter(deps: ImageServiceDeps): Router {
  const router = new Router();
  const table = metadataOf(deps).table('ivoa.obscore');
  if (!table) throw new Error('vo-resources does not publish ivoa.obscore');
  const fields = fieldsOf(table.columns.map((column) => ({ column })));

  const query = async (ctx: Koa.Context): Promise<void> => {
    let format;
    try {
      const params = await requestParams(ctx);
      try {
        format = resolveFormat(params.single('RESPONSEFORMAT'));
      } catch (err) {
        if (err instanceof UnsupportedFormatError) throw usageError(err.message);
        throw err;
      }
      const base = serverBase(ctx, deps);
      const q = siaQuery(params, table.columns, base, deps.config.images);
      const rows = q.maxrec === 0 ? [] : (await deps.db.reader.query({ text: q.sql, values: q.params, rowMode: 'array' })).rows as Row[];
      const doc = await resultDocument(format, fields, rows, {
        maxrec: q.maxrec,
        infos: [{ name: 'standardID', value: STANDARD.sia }],
        descriptors: [datalinkDescriptor(base, ID_FIELD), sodaDescriptor(base, 'soda', ID_FIELD), siaSelfDescriptor(base)],
      });
      // MAXREC=0 (DALI §3.4.3): metadata only, flagged as overflow.
      const body = q.maxrec === 0 && doc.contentType.includes('votable') ? markOverflow(doc.body, 'MAXREC=0: metadata only') : doc.body;
      sendDocument(ctx, doc.contentType, body);
    } catch (err) {
      const fault = siaFault(err);
      if (fault.status >= 500) deps.log.error('SIA query failed', { error: (err as Error).stack ?? String(err) });
      ctx.status = fault.status;
      const wantsText = format !== undefined && !format.format.key.startsWith('votable');
      ctx.type = wantsText ? 'text/plain; charset=utf-8' : 'application/x-votable+xml';
      ctx.body = wantsText ? `${fault.message}\n` : votableError(fault.message);
    }
  };
  getAndPost(router, '/sia/query', query);
  const vosi = imageServiceVosi(deps, '/sia', {
    standardID: STANDARD.sia, path: '/query', version: '2.0',
    description: `SIA 2.0 query of the HSC coadd images; maxQueryRegionSize: a circle of radius ${MAX_RADIUS} deg; MAXREC default ${deps.config.images.siaMaxrecDefault}, hard ${deps.config.images.siaMaxrecHard}`,
  });
  router.use(vosi.routes(), vosi.allowedMethods());
  return router;
}
