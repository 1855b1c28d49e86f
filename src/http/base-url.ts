// The absolute base URL of this server as the client sees it, from a Koa context (see
// public-url.ts for the rules: proxy headers, then PUBLIC_URL, then the Host header).
import type Koa from 'koa';
import { publicBaseUrl } from './public-url.ts';

export function baseUrl(ctx: Koa.Context, publicUrl?: string): string {
  return publicBaseUrl({ headers: ctx.headers, protocol: ctx.protocol }, publicUrl);
}
