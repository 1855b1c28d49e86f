// Publisher dataset identifiers of the coadd images (ObsCore 1.1 §4.4 obs_publisher_did, an IVOID:
// ivo://authority/path?local): ivo://hsc-vo.example/images?<schema>/<tract>/<x>,<y>/<FILTER>.
import { DATASETS, type Dataset } from '../generate/fields.ts';
import { hscFilter } from './bands.ts';

export const IMAGE_DID_PREFIX = 'ivo://hsc-vo.example/images?';

/** One coadd patch image in one band. */
export interface CoaddImageId {
  schema: Dataset;
  tract: number;
  patch: { x: number; y: number };
  /** Archive filter name, e.g. HSC-I. */
  filter: string;
}

export const patchText = (p: { x: number; y: number }): string => `${p.x},${p.y}`;

export function formatImageId(id: CoaddImageId): string {
  return `${IMAGE_DID_PREFIX}${id.schema}/${id.tract}/${patchText(id.patch)}/${id.filter}`;
}

const LOCAL = /^([a-z0-9_]+)\/(\d{1,6})\/(\d{1,2}),(\d{1,2})\/(HSC-[A-Z0-9]+)$/;

/** The image an identifier names, or undefined when it is not one of ours (IVOIDs compare case-insensitively up to '?'). */
export function parseImageId(text: string): CoaddImageId | undefined {
  const t = text.trim();
  if (t.slice(0, IMAGE_DID_PREFIX.length).toLowerCase() !== IMAGE_DID_PREFIX.toLowerCase()) return undefined;
  const m = LOCAL.exec(t.slice(IMAGE_DID_PREFIX.length));
  if (!m) return undefined;
  const schema = DATASETS.find((d) => d === m[1]);
  const filter = hscFilter(m[5] ?? '');
  if (!schema || !filter) return undefined;
  return { schema, tract: Number(m[2]), patch: { x: Number(m[3]), y: Number(m[4]) }, filter: filter.name };
}

/** The mosaic key of a patch: tract*10000 + x*100 + y (hsc-data.md §2.2). */
export const skymapIdOf = (id: CoaddImageId): number => id.tract * 10000 + id.patch.x * 100 + id.patch.y;
