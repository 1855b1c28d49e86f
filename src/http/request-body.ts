// Reads the parameters of an HTTP request (DALI 1.1 §3: query string, application/x-www-form-urlencoded
// or multipart/form-data bodies) into named values and files on disk. Reusable by every endpoint
// (TAP sync, UWS job lists) that must accept the same parameter encodings; parsing by busboy.
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { tooLarge, usageError } from './errors.ts';

/** One request parameter as sent (DALI 1.1 §3.1: names are compared without case by the reader). */
export interface NamedValue {
  name: string;
  value: string;
}

/** A file part of a multipart body, saved to disk. */
export interface FormFile {
  /** The form field name of the part. */
  field: string;
  fileName: string;
  path: string;
  size: number;
  mimeType: string;
}

export interface RequestForm {
  values: NamedValue[];
  files: FormFile[];
}

export interface BodyLimits {
  /** Largest accepted file part in bytes (413 beyond). */
  maxFileBytes: number;
  maxFiles: number;
  /** Largest accepted field value in bytes, e.g. a long QUERY (413 beyond). */
  maxFieldBytes: number;
  maxFields: number;
}

export const defaultBodyLimits: BodyLimits = {
  maxFileBytes: 100 * 1024 * 1024,
  maxFiles: 20,
  maxFieldBytes: 1024 * 1024,
  maxFields: 1000,
};

/** The name/value pairs of a query string, in order. */
export function queryValues(search: string | URLSearchParams): NamedValue[] {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  return [...params].map(([name, value]) => ({ name, value }));
}

const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** Whether the request carries a body in one of the form encodings. */
export function hasFormBody(request: IncomingMessage): boolean {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return formTypes.includes(type);
}

/**
 * Reads a form body: values in order, file parts streamed to `fileDir` (created if needed). Other
 * content types give no values. On any failure the files already written are removed.
 */
export async function readFormBody(request: IncomingMessage, fileDir: string,
  limits: BodyLimits = defaultBodyLimits): Promise<RequestForm> {
  if (!hasFormBody(request)) return { values: [], files: [] };
  // Made before parsing: a file part must be piped to disk in the tick it appears, or it is lost.
  if (/^multipart\//i.test(request.headers['content-type'] ?? '')) await mkdir(fileDir, { recursive: true });
  const values: NamedValue[] = [];
  const files: FormFile[] = [];
  const writes: Promise<void>[] = [];
  const parts: Readable[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: request.headers,
          limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fieldSize: limits.maxFieldBytes, fields: limits.maxFields },
        });
      } catch (error) {
        reject(usageError(`Malformed form body: ${error instanceof Error ? error.message : String(error)}`));
        return;
      }
      const fail = (error: Error): void => {
        request.unpipe(parser);
        request.resume();
        // Cut off from the parser, a file part would never end and its write never settle: the
        // request then hung instead of answering 413 (anchors §2 D17, a part past the size limit).
        for (const part of parts) part.destroy(error);
        reject(error);
      };
      parser.on('field', (name, value, info) => {
        if (info.valueTruncated) fail(tooLarge(`Parameter ${name} is longer than ${limits.maxFieldBytes} bytes`));
        else values.push({ name, value });
      });
      parser.on('file', (field, stream, info) => {
        const file: FormFile = { field, fileName: info.filename ?? field, path: path.join(fileDir, randomUUID()), size: 0, mimeType: info.mimeType };
        files.push(file);
        parts.push(stream);
        stream.on('data', (chunk: Buffer) => { file.size += chunk.length; });
        stream.on('limit', () => fail(tooLarge(`Uploaded file ${field} is larger than ${limits.maxFileBytes} bytes`)));
        writes.push(pipeline(stream, createWriteStream(file.path)));
      });
      parser.on('filesLimit', () => fail(tooLarge(`More than ${limits.maxFiles} files uploaded`)));
      parser.on('fieldsLimit', () => fail(tooLarge(`More than ${limits.maxFields} parameters`)));
      parser.on('error', (error: Error) => fail(usageError(`Malformed form body: ${error.message}`)));
      parser.on('close', () => resolve());
      request.pipe(parser);
    });
    await Promise.all(writes);
    return { values, files };
  } catch (error) {
    await Promise.allSettled(writes);
    await Promise.all(files.map((f) => rm(f.path, { force: true })));
    throw error;
  }
}
