// Where an upload's bytes come from (TAP 1.1 §2.7.6, TAPRegExt upload methods): a multipart part
// of the request (param:name) or an http(s) URL on the configured allow-list, fetched with
// Node's fetch, redirects checked against the same list, the byte limit enforced while reading.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { UploadReference } from '../parameters.ts';
import { UploadLimitError } from './errors.ts';
import { ServiceError, usageError } from '../../http/errors.ts';

export interface SourceLimits {
  maxBytes: number;
  /** URL prefixes by-URL uploads may come from; empty: by-URL uploads are off. */
  urlAllowList: readonly string[];
  /** Give up on a URL that has not delivered everything after this long (default 60 s). */
  fetchTimeoutMs?: number;
}

/** Finds the file of an inline upload's multipart part by its field name. */
export type InlineFiles = (param: string) => string | undefined;

const MAX_REDIRECTS = 5;

const tooLarge = (table: string, maxBytes: number): UploadLimitError =>
  new UploadLimitError(`upload ${table} is larger than ${maxBytes} bytes (TAP_UPLOAD_MAX_BYTES)`);

/** Whether `url` is under an allowed prefix; a prefix only matches whole path segments or host names. */
export function urlAllowed(url: string, allowList: readonly string[]): boolean {
  return allowList.some((prefix) => {
    if (prefix === '' || !url.startsWith(prefix)) return false;
    if (/[/?#=&]$/.test(prefix)) return true;
    const next = url.charAt(prefix.length);
    return next === '' || next === '/' || next === '?' || next === '#';
  });
}

/** Counts bytes as they pass and stops past the limit. */
async function* limited(chunks: AsyncIterable<Uint8Array>, maxBytes: number, table: string): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(table, maxBytes);
    yield chunk;
  }
}

/** The bytes of one upload, read lazily; errors are ServiceErrors or UploadLimitErrors. */
export async function openUpload(ref: UploadReference, inlineFiles: InlineFiles, limits: SourceLimits,
  signal: AbortSignal | undefined): Promise<AsyncIterable<Uint8Array>> {
  const { source, table } = ref;
  switch (source.kind) {
    case 'inline': {
      const file = inlineFiles(source.param);
      if (file === undefined) throw usageError(`UPLOAD ${table}: the request has no multipart part named "${source.param}"`);
      const { size } = await stat(file);
      if (size > limits.maxBytes) throw tooLarge(table, limits.maxBytes);
      return limited(createReadStream(file, { highWaterMark: 256 * 1024 }), limits.maxBytes, table);
    }
    case 'url': return fetchUpload(table, source.url, limits, signal);
    default: {
      const unreachable: never = source;
      return unreachable;
    }
  }
}

async function fetchUpload(table: string, url: string, limits: SourceLimits, signal: AbortSignal | undefined): Promise<AsyncIterable<Uint8Array>> {
  const timeout = AbortSignal.timeout(limits.fetchTimeoutMs ?? 60_000);
  const aborted = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let current = url;
  for (let hop = 0; ; hop += 1) {
    if (limits.urlAllowList.length === 0) {
      throw new ServiceError('forbidden', `UPLOAD ${table}: uploads by URL are disabled on this service (TAP_UPLOAD_URL_ALLOW is empty); send the table inline (param:)`);
    }
    if (!urlAllowed(current, limits.urlAllowList)) {
      throw new ServiceError('forbidden', `UPLOAD ${table}: ${current} is not under a prefix of TAP_UPLOAD_URL_ALLOW (${limits.urlAllowList.join(', ')})`);
    }
    let response: Response;
    try {
      response = await fetch(current, { redirect: 'manual', signal: aborted, headers: { accept: 'application/x-votable+xml, text/xml, */*' } });
    } catch (err) {
      if (signal?.aborted) throw err;
      const why = timeout.aborted ? 'timed out' : ((err as Error).cause as Error | undefined)?.message ?? (err as Error).message;
      throw usageError(`UPLOAD ${table}: could not read ${current}: ${why}`);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw usageError(`UPLOAD ${table}: ${url} redirects more than ${MAX_REDIRECTS} times`);
      current = new URL(location, current).href;
      continue;
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw usageError(`UPLOAD ${table}: ${current} answered HTTP ${response.status}`);
    }
    const length = Number(response.headers.get('content-length') ?? NaN);
    if (length > limits.maxBytes) {
      await response.body.cancel();
      throw tooLarge(table, limits.maxBytes);
    }
    return limited(response.body, limits.maxBytes, table);
  }
}
