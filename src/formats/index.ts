// The public face of src/formats: result writers, their registry, and the VOTable error document.
export type {
  CellValue, CopyWriter, FieldMeta, QueryStatus, ResultInfo, ResultWriter, Row, RowSource, VotableDatatype, WriteOutcome, Xtype,
} from './types.ts';
export { copyTypes, type CopyFormat, type CopyType } from './copy/columns.ts';
export type { CopyChunks } from './copy/pump.ts';
export { fieldIds } from './fields.ts';
export { primeRows } from './rows.ts';
export { SinkClosedError } from './sink.ts';
export {
  DEFAULT_FORMAT, OUTPUT_FORMATS, resolveFormat, UnsupportedFormatError, type FormatKey, type OutputFormat,
  type ResolvedFormat,
} from './registry.ts';
export { votableError, VOTABLE_NAMESPACE } from './votable/document.ts';
