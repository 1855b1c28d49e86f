// TAP_UPLOAD for one request (TAP 1.1 §2.7.6): the uploaded tables are loaded into a per-query
// schema before the query is compiled, and dropped when the query is over, whatever happens.
import type { UploadReference } from './parameters.ts';
import type { UploadedTables } from './query.ts';
import type { LoadedUploads } from './upload/index.ts';

/** A multipart file part of the request (inline uploads are referenced as param:<field>). */
export interface RequestFile {
  field: string;
  path: string;
}

export interface UploadSupport {
  load(refs: readonly UploadReference[], files: readonly RequestFile[], signal: AbortSignal): Promise<LoadedUploads>;
}

/** Runs `fn` with the request's uploads loaded (undefined when there are none), then drops them. */
export async function withUploads<T>(support: UploadSupport, refs: readonly UploadReference[],
  files: readonly RequestFile[], signal: AbortSignal, fn: (uploads: UploadedTables | undefined) => Promise<T>): Promise<T> {
  if (refs.length === 0) return fn(undefined);
  const loaded = await support.load(refs, files, signal);
  try {
    return await fn(loaded);
  } finally {
    await loaded.dispose();
  }
}
