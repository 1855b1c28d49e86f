// The VOTable 1.4 document around the rows (VOTable 1.4 §3-4, DALI 1.1 §4.4): the results
// RESOURCE with QUERY_STATUS before the TABLE, the status slot after it, and error documents.
import type { FieldMeta, ResultInfo, WriteOutcome } from '../types.ts';
import { attributes, escapeText } from './xml.ts';

export const VOTABLE_NAMESPACE = 'http://www.ivoa.net/xml/VOTable/v1.3';

const OPEN_VOTABLE =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  `<VOTABLE version="1.4" xmlns="${VOTABLE_NAMESPACE}" ` +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  `xsi:schemaLocation="${VOTABLE_NAMESPACE} http://www.ivoa.net/xml/VOTable/v1.3">\n`;
const CLOSE_VOTABLE = '</RESOURCE>\n</VOTABLE>\n';

function info(name: string, value: string, content?: string): string {
  const attrs = attributes([['name', name], ['value', value]]);
  return content === undefined || content === '' ? `<INFO${attrs}/>\n` : `<INFO${attrs}>${escapeText(content)}</INFO>\n`;
}

function resultInfos(result: Partial<ResultInfo>): string {
  let s = '';
  if (result.query !== undefined) s += info('QUERY', result.query);
  if (result.sql !== undefined) s += info('SQL', result.sql);
  for (const extra of result.extraInfos ?? []) s += info(extra.name, extra.value, extra.content);
  return s;
}

function fieldElement(f: FieldMeta): string {
  const attrs = attributes([
    ['name', f.name], ['ID', f.id], ['datatype', f.datatype], ['arraysize', f.arraysize],
    ['unit', f.unit], ['ucd', f.ucd], ['utype', f.utype], ['xtype', f.xtype],
  ]);
  return f.description
    ? `<FIELD${attrs}>\n<DESCRIPTION>${escapeText(f.description)}</DESCRIPTION>\n</FIELD>\n`
    : `<FIELD${attrs}/>\n`;
}

/** Everything before the serialization element: status OK, query INFOs, TABLE and FIELDs. */
export function documentHead(fields: readonly FieldMeta[], result: ResultInfo): string {
  if (fields.length === 0) throw new Error('a VOTable result needs at least one FIELD');
  return OPEN_VOTABLE +
    '<RESOURCE type="results">\n' +
    info('QUERY_STATUS', 'OK') +
    resultInfos(result) +
    '<TABLE name="result">\n' +
    fields.map(fieldElement).join('') +
    '<DATA>';
}

/** Closes DATA and TABLE, then fills the status slot: OVERFLOW or ERROR, nothing when OK. */
export function documentTail(outcome: WriteOutcome): string {
  let slot = '';
  switch (outcome.status) {
    case 'OK':
      break;
    case 'OVERFLOW':
      slot = info('QUERY_STATUS', 'OVERFLOW', `the result was truncated at MAXREC (${outcome.rowCount} rows)`);
      break;
    case 'ERROR':
      slot = info('QUERY_STATUS', 'ERROR', outcome.errorMessage ?? 'the query failed while its result was being written');
      break;
    default: {
      const never: never = outcome.status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
  return '</DATA>\n</TABLE>\n' + slot + CLOSE_VOTABLE;
}

/**
 * A DALI error document (DALI 1.1 §4.2, §4.4): a results RESOURCE whose QUERY_STATUS is ERROR
 * with the message as its content, for failures before any result was written.
 */
export function votableError(message: string, context: Partial<ResultInfo> = {}): string {
  const text = message.trim() === '' ? 'the request failed' : message;
  return OPEN_VOTABLE + '<RESOURCE type="results">\n' + info('QUERY_STATUS', 'ERROR', text) +
    resultInfos(context) + CLOSE_VOTABLE;
}
