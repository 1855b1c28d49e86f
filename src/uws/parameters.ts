// Job parameters with case-insensitive names (DALI 1.1 §3.1, §3.2): one canonical lower-case name
// is stored and echoed (pyvo 1.2.1 reads <uws:parameter id="query"> exactly, anchors §2 A1), a single-valued name is replaced by a later value, a multi-valued one
// (e.g. UPLOAD) accumulates, and a single-valued name repeated within one request is an error.
import type { JobParameter } from './job.ts';
import { usageError } from './errors.ts';

import type { NamedValue } from '../http/request-body.ts';

export type { NamedValue };

export const canonicalName = (name: string): string => name.trim().toLowerCase();

/** Canonicalises the names of one request's values, refusing repeated single-valued names. */
export function requestParameters(values: readonly NamedValue[], multiValued: readonly string[]): JobParameter[] {
  const seen = new Set<string>();
  return values.map(({ name, value }) => {
    const canonical = canonicalName(name);
    if (!multiValued.includes(canonical)) {
      if (seen.has(canonical)) throw usageError(`Parameter ${canonical} must not be given more than once`);
      seen.add(canonical);
    }
    return { name: canonical, value };
  });
}

/** The job's parameters after a request added `incoming` to them. */
export function mergeParameters(existing: readonly JobParameter[], incoming: readonly JobParameter[],
  multiValued: readonly string[]): JobParameter[] {
  const replaced = new Set(incoming.map((p) => p.name).filter((n) => !multiValued.includes(n)));
  return [...existing.filter((p) => !replaced.has(p.name)), ...incoming];
}

/** The last value of a parameter by (case-insensitive) name. */
export function parameterValue(parameters: readonly JobParameter[], name: string): string | undefined {
  const canonical = canonicalName(name);
  let found: string | undefined;
  for (const p of parameters) if (p.name === canonical) found = p.value;
  return found;
}

/** Every value of a parameter by (case-insensitive) name, in order. */
export function parameterValues(parameters: readonly JobParameter[], name: string): string[] {
  const canonical = canonicalName(name);
  return parameters.filter((p) => p.name === canonical).map((p) => p.value);
}
