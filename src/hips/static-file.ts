// Sends a file from disk with a strong ETag (size and mtime), Cache-Control and 304 for a
// matching If-None-Match; shared by the HiPS server and the viewer's assets.
import fs from 'node:fs';
import type Koa from 'koa';

/** Sends `file` (which must exist, see `stat`) or answers 304. */
export function sendFile(ctx: Koa.Context, file: string, stat: fs.Stats, type: string, maxAge: number): void {
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  ctx.set('ETag', etag);
  ctx.set('Cache-Control', `public, max-age=${maxAge}`);
  ctx.lastModified = stat.mtime;
  if (ctx.get('If-None-Match').split(',').map((s) => s.trim()).includes(etag)) {
    ctx.status = 304;
    return;
  }
  ctx.type = type;
  ctx.length = stat.size;
  ctx.body = ctx.method === 'HEAD' ? null : fs.createReadStream(file);
  if (ctx.method === 'HEAD') ctx.length = stat.size;
}
