// Who may see which metadata: every consumer (TAP_SCHEMA, VOSI tables, the ADQL validator)
// works on the view `visibleTo(caller)` returns, so restricted releases stay invisible to others.
import type { AccessTag } from './types.ts';

/** What metadata filtering needs to know of the one asking: the restricted releases they belong to. */
export interface Caller {
  readonly releases: ReadonlySet<string>;
}

export const ANONYMOUS: Caller = { releases: new Set() };

export function mayAccess(caller: Caller, tag: AccessTag): boolean {
  switch (tag.kind) {
    case 'public': return true;
    case 'restricted': return caller.releases.has(tag.release);
    default: {
      const never: never = tag;
      return never;
    }
  }
}
