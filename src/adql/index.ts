// The ADQL 2.1 engine's public face: parse, validate against the caller's tables, translate
// to PostgreSQL + pg_sphere, and the feature / UDF tables that /tap/capabilities publishes.
import type { AdqlQuery } from './ast.ts';
import type { AdqlResult } from './errors.ts';
import type { UserDefinedFunction } from './functions.ts';
import type { MetadataProvider } from './metadata.ts';
import { parse, type ParseOptions } from './parser.ts';
import { toPostgres, type PostgresQuery, type TranslateOptions } from './translate.ts';
import { validate } from './validate.ts';

export type * from './ast.ts';
export { AdqlError, type AdqlErrorKind, type AdqlResult, type SourcePosition } from './errors.ts';
export { FEATURE_TYPE, LANGUAGE_FEATURES, type FeatureForm, type FeatureType, type LanguageFeature } from './features.ts';
export {
  BUILTIN_FUNCTIONS, USER_DEFINED_FUNCTIONS, parseUdfForm, udfForm,
  type FunctionSignature, type UdfParameter, type UserDefinedFunction,
} from './functions.ts';
export { metadataFromTables, UPLOAD_SCHEMA, type ColumnMetadata, type MetadataProvider, type PositionColumn, type TableMetadata } from './metadata.ts';
export { parse, DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH, type ParseOptions } from './parser.ts';
export { toPostgres, type PostgresQuery, type TranslateOptions } from './translate.ts';
export { votableTypeOf, type AdqlType, type AdqlTypeName, type VotableType } from './types.ts';
export { validate, type OutputColumn, type ValidatedQuery, type ValidateOptions } from './validate.ts';

export interface CompileOptions extends TranslateOptions {
  readonly parse?: Omit<ParseOptions, 'functions'>;
  /** UDFs offered (parse and translation); default USER_DEFINED_FUNCTIONS. */
  readonly functions?: readonly UserDefinedFunction[];
}

/** parse + validate + toPostgres in one call, for the TAP layer. */
export function compile(text: string, meta: MetadataProvider, options: CompileOptions = {}): AdqlResult<PostgresQuery & { readonly ast: AdqlQuery }> {
  const parsed = parse(text, { ...options.parse, ...(options.functions ? { functions: options.functions } : {}) });
  if (!parsed.ok) return parsed;
  const validated = validate(parsed.value, meta, options.functions ? { functions: options.functions } : {});
  if (!validated.ok) return validated;
  const translated = toPostgres(validated.value, options);
  if (!translated.ok) return translated;
  return { ok: true, value: { ...translated.value, ast: parsed.value } };
}
