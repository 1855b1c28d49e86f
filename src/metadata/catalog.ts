// The published metadata as one value with look-ups, and its filtered views (`visibleTo`).
import { type Caller, mayAccess } from './access.ts';
import type { ForeignKeyDescription, SchemaDescription, TableDescription } from './types.ts';

export interface TapMetadata {
  readonly schemas: readonly SchemaDescription[];
  /** Every table, in display order. */
  tables(): readonly TableDescription[];
  /** A table by qualified name ("pdr3_wide.forced", "TAP_SCHEMA.tables"), compared without case. */
  table(qualifiedName: string): TableDescription | undefined;
  foreignKeys(): readonly ForeignKeyDescription[];
  /** The part of this metadata the caller may see; keys into hidden tables are dropped. */
  visibleTo(caller: Caller): TapMetadata;
}

export function tapMetadata(schemas: readonly SchemaDescription[]): TapMetadata {
  const tables = schemas.flatMap((s) => s.tables);
  const byName = new Map(tables.map((t) => [t.qualifiedName.toLowerCase(), t]));
  return {
    schemas,
    tables: () => tables,
    table: (qualifiedName) => byName.get(qualifiedName.toLowerCase()),
    foreignKeys: () => tables.flatMap((t) => t.foreignKeys),
    visibleTo(caller) {
      const visibleSchemas = schemas.filter((s) => mayAccess(caller, s.access))
        .map((s) => ({ ...s, tables: s.tables.filter((t) => mayAccess(caller, t.access)) }));
      const visible = new Set(visibleSchemas.flatMap((s) => s.tables.map((t) => t.qualifiedName)));
      return tapMetadata(visibleSchemas.map((s) => ({
        ...s,
        tables: s.tables.map((t) => t.foreignKeys.every((k) => visible.has(k.targetTable)) ? t
          : { ...t, foreignKeys: t.foreignKeys.filter((k) => visible.has(k.targetTable)) }),
      })));
    },
  };
}
