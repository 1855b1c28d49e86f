// The HiPS `properties` file (HiPS 1.0 §4.4): `key = value` lines, written in a fixed key
// order (so builds are reproducible) and parsed back for the HiPS list and the server.

export type HipsProperties = ReadonlyArray<readonly [key: string, value: string]>;

/** Keys HiPS 1.0 requires in every properties file (§4.4.1). */
export const REQUIRED_KEYS = [
  'creator_did', 'obs_title', 'dataproduct_type', 'hips_version', 'hips_release_date', 'hips_status',
  'hips_tile_format', 'hips_order', 'hips_frame',
] as const;

const KEY_RE = /^[A-Za-z0-9_.-]+$/;

export function formatProperties(props: HipsProperties): string {
  const width = Math.max(...props.map(([k]) => k.length));
  const lines = props.map(([k, v]) => {
    if (!KEY_RE.test(k)) throw new Error(`invalid properties key '${k}'`);
    if (/[\r\n]/.test(v)) throw new Error(`properties value of ${k} spans lines`);
    return `${k.padEnd(width)} = ${v}`;
  });
  return lines.join('\n') + '\n';
}

/** Parses properties text; repeated keys keep every value in order. */
export function parseProperties(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    out.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return out;
}

export function propertyValue(props: readonly (readonly [string, string])[], key: string): string | undefined {
  return props.find(([k]) => k === key)?.[1];
}

/** `YYYY-mm-ddTHH:MMZ`, the date form HiPS uses. */
export function hipsDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16) + 'Z';
}
