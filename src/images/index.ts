// The image services (ObsCore, SIA 2.0, DataLink, SODA, previews): what the server mounts.
import type Router from '@koa/router';
import { datalinkRouter } from './datalink.ts';
import type { ImageServiceDeps } from './deps.ts';
import { imageFilesRouter } from './files.ts';
import { hscCutoutRouter } from './hsc-cutout.ts';
import { sodaRouter } from './soda.ts';
import { siaRouter } from './sia-router.ts';

export { refreshObsCore } from './obscore.ts';
export type { ImageServiceDeps } from './deps.ts';
export { datalinkRouter, hscCutoutRouter, imageFilesRouter, siaRouter, sodaRouter };

/** Every image-service router, for mounting in one go. */
export function imageRouters(deps: ImageServiceDeps): Router[] {
  return [siaRouter(deps), datalinkRouter(deps), sodaRouter(deps), imageFilesRouter(deps), hscCutoutRouter(deps)];
}
