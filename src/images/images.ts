// Finds the file of a coadd image from its publisher DID (the `mosaic` row of that patch and band).
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { formatImageId, parseImageId, skymapIdOf, type CoaddImageId } from './ids.ts';

export interface CoaddImage {
  id: CoaddImageId;
  did: string;
  /** Absolute path of the calexp FITS file. */
  file: string;
  size: number;
}

/** The image an ID names, or undefined when the ID is not ours or the image is not materialised. */
export async function findImage(pool: pg.Pool, dataDir: string, didText: string): Promise<CoaddImage | undefined> {
  const id = parseImageId(didText);
  if (!id) return undefined;
  // id.schema is one of the known data sets (parseImageId checks it), so it is safe in the SQL text.
  const r = await pool.query<{ file_path: string }>(
    `SELECT file_path FROM ${id.schema}.mosaic WHERE skymap_id = $1 AND filter01 = $2`, [skymapIdOf(id), id.filter]);
  const rel = r.rows[0]?.file_path;
  if (!rel) return undefined;
  const file = path.resolve(dataDir, rel);
  if (!file.startsWith(path.resolve(dataDir) + path.sep)) return undefined;
  const stat = await fs.promises.stat(file).catch(() => undefined);
  if (!stat?.isFile()) return undefined;
  return { id, did: formatImageId(id), file, size: stat.size };
}
