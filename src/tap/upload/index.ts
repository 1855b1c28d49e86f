// TAP_UPLOAD's public face for the TAP layer (TAP 1.1 §2.7.6): load a request's UPLOAD tables
// into a per-query schema, drop it afterwards, sweep leftovers; the VOTable reader on its own.
import type pg from 'pg';
import type { UploadReference } from '../parameters.ts';
import { loadUploads, type LoadedUploads, type UploadLimits } from './load.ts';

export { loadUploads, dropUploadSchema, UPLOAD_SCHEMA_PREFIX, type LoadedUploads, type UploadLimits } from './load.ts';
export { sweepUploadSchemas, uploadSchemaCreatedAt } from './sweeper.ts';
export { urlAllowed, type InlineFiles } from './source.ts';
export { readVotable, type VotableTable, type ReadOptions } from './votable-reader.ts';
export type { UploadField } from './fields.ts';
export type { VotableCell } from './tabledata.ts';
export { UploadFormatError, UploadLimitError } from './errors.ts';

/** A multipart file part as the request-body reader saves it (inline uploads are param:<field>). */
export interface UploadedPart {
  field: string;
  path: string;
}

/** loadUploads bound to a pool and limits, taking the request's file parts as they come. */
export function uploadLoader(pool: pg.Pool, limits: UploadLimits): {
  load(refs: readonly UploadReference[], files: readonly UploadedPart[], signal?: AbortSignal): Promise<LoadedUploads>;
} {
  return {
    // Parameter names are case-insensitive (DALI 1.1 §3.1): async jobs store them upper-cased.
    load: (refs, files, signal) => loadUploads(pool, refs,
      (param) => files.find((f) => f.field.toLowerCase() === param.toLowerCase())?.path, limits, signal),
  };
}
