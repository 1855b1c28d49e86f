// The absolute base URL a client used to reach us, for 303 Location headers and document links
// (UWS 1.1 §2.2.3; clients broke on relative or wrong-scheme redirects behind proxies). A proxy's
// X-Forwarded-Host/-Proto/-Prefix (or RFC 7239 Forwarded) win; else the configured public URL;
// else the request's own Host header.
import type { IncomingHttpHeaders } from 'node:http';

export interface RequestAddress {
  headers: IncomingHttpHeaders;
  /** 'http' or 'https' as the server itself saw it. */
  protocol: string;
}

const firstValue = (header: string | string[] | undefined): string | undefined => {
  const value = Array.isArray(header) ? header[0] : header;
  const first = value?.split(',')[0]?.trim();
  return first === '' ? undefined : first;
};

/** host= and proto= of the first element of an RFC 7239 Forwarded header. */
function forwardedPairs(header: string | undefined): { host?: string; proto?: string } {
  const pairs: { host?: string; proto?: string } = {};
  for (const part of (header?.split(',')[0] ?? '').split(';')) {
    const [key, raw] = part.split('=', 2);
    const value = raw?.trim().replace(/^"(.*)"$/, '$1');
    if (!key || !value) continue;
    const name = key.trim().toLowerCase();
    if (name === 'host') pairs.host = value;
    if (name === 'proto') pairs.proto = value;
  }
  return pairs;
}

/** The base URL (scheme, host and path prefix, no trailing slash) of the server as the client sees it. */
export function publicBaseUrl(request: RequestAddress, configured: string | undefined): string {
  const forwarded = forwardedPairs(firstValue(request.headers.forwarded));
  const host = firstValue(request.headers['x-forwarded-host']) ?? forwarded.host;
  if (host !== undefined) {
    const proto = firstValue(request.headers['x-forwarded-proto']) ?? forwarded.proto ?? request.protocol;
    const prefix = firstValue(request.headers['x-forwarded-prefix']) ?? '';
    return `${proto}://${host}${prefix}`.replace(/\/+$/, '');
  }
  if (configured !== undefined) return configured.replace(/\/+$/, '');
  return `${request.protocol}://${firstValue(request.headers.host) ?? 'localhost'}`;
}
