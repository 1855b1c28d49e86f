// The absolute base URL of this server as the client sees it: PUBLIC_URL when configured, else
// the request's host and scheme, honouring a reverse proxy's X-Forwarded-Host/-Proto/-Prefix.
import type Koa from 'koa';

function firstHeader(ctx: Koa.Context, name: string): string | undefined {
  const v = ctx.get(name);
  return v ? v.split(',')[0]?.trim() || undefined : undefined;
}

export function baseUrl(ctx: Koa.Context, publicUrl?: string): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const proto = firstHeader(ctx, 'X-Forwarded-Proto') ?? ctx.protocol;
  const host = firstHeader(ctx, 'X-Forwarded-Host') ?? ctx.host;
  const prefix = (firstHeader(ctx, 'X-Forwarded-Prefix') ?? '').replace(/\/+$/, '');
  return `${proto}://${host}${prefix}`;
}
