// VOTable documents of the image services: a results table written by src/formats plus DataLink
// service descriptors (DataLink 1.1 §4: RESOURCE type="meta" utype="adhoc:service" with
// accessURL, standardID and a GROUP inputParams) after the results RESOURCE.
import { Writable } from 'node:stream';
import type { FieldMeta, ResolvedFormat, Row, WriteOutcome } from '../formats/index.ts';
import { attributes, escapeText } from '../formats/votable/xml.ts';

/** One input parameter of a service descriptor. */
export interface InputParam {
  name: string;
  datatype: 'char' | 'double' | 'int';
  arraysize?: string;
  xtype?: string;
  unit?: string;
  ucd?: string;
  /** Fixed value; '' for a parameter the client fills. */
  value?: string;
  /** XML ID of the FIELD whose row value the client must send. */
  ref?: string;
  description?: string;
  min?: string;
  max?: string;
  options?: readonly string[];
}

export interface ServiceDescriptor {
  /** XML ID: the service_def value DataLink rows point at. */
  id: string;
  /** `this` for a self-description (SIA 2.0 §3: adhoc:service named "this"). */
  name?: string;
  standardId: string;
  accessUrl: string;
  description?: string;
  inputParams: readonly InputParam[];
}

function paramXml(p: InputParam): string {
  const attrs = attributes([
    ['name', p.name], ['datatype', p.datatype], ['arraysize', p.arraysize ?? (p.datatype === 'char' ? '*' : undefined)],
    ['xtype', p.xtype], ['unit', p.unit], ['ucd', p.ucd], ['value', p.value ?? ''], ['ref', p.ref],
  ]);
  let inner = p.description ? `<DESCRIPTION>${escapeText(p.description)}</DESCRIPTION>` : '';
  if (p.min !== undefined || p.max !== undefined || p.options) {
    inner += '<VALUES>' + (p.min === undefined ? '' : `<MIN${attributes([['value', p.min]])}/>`) +
      (p.max === undefined ? '' : `<MAX${attributes([['value', p.max]])}/>`) +
      (p.options ?? []).map((o) => `<OPTION${attributes([['value', o]])}/>`).join('') + '</VALUES>';
  }
  return inner === '' ? `<PARAM${attrs}/>\n` : `<PARAM${attrs}>${inner}</PARAM>\n`;
}

const fixedParam = (name: string, value: string): string => paramXml({ name, datatype: 'char', value });

export function descriptorXml(d: ServiceDescriptor): string {
  return `<RESOURCE${attributes([['type', 'meta'], ['utype', 'adhoc:service'], ['ID', d.id], ['name', d.name ?? d.id]])}>\n` +
    (d.description ? `<DESCRIPTION>${escapeText(d.description)}</DESCRIPTION>\n` : '') +
    fixedParam('standardID', d.standardId) + fixedParam('accessURL', d.accessUrl) +
    '<GROUP name="inputParams">\n' + d.inputParams.map(paramXml).join('') + '</GROUP>\n</RESOURCE>\n';
}

/** A Writable collecting everything written to it. */
class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk);
    done();
  }
}

async function* rowsOf(rows: readonly Row[]): AsyncGenerator<Row> {
  yield* rows;
}

export interface ResultDocument {
  body: Buffer;
  contentType: string;
  outcome: WriteOutcome;
}

/**
 * Writes `rows` in the requested format; VOTable outputs get the descriptors after the results
 * RESOURCE (other formats cannot carry them). Result tables here are small (MAXREC-bounded).
 */
export async function resultDocument(format: ResolvedFormat, fields: readonly FieldMeta[], rows: readonly Row[],
  opts: { maxrec?: number; infos?: { name: string; value: string }[]; descriptors?: readonly ServiceDescriptor[]; contentType?: string }): Promise<ResultDocument> {
  const sink = new Collector();
  const outcome = await format.format.write(fields, rowsOf(rows), sink, {
    query: '', ...(opts.maxrec === undefined ? {} : { maxrec: opts.maxrec }), extraInfos: opts.infos ?? [],
  });
  let body = Buffer.concat(sink.chunks);
  const isVotable = format.format.key.startsWith('votable');
  if (isVotable && opts.descriptors?.length) {
    const text = body.toString('utf8');
    const end = text.lastIndexOf('</VOTABLE>');
    body = Buffer.from(text.slice(0, end) + opts.descriptors.map(descriptorXml).join('') + text.slice(end), 'utf8');
  }
  return { body, contentType: isVotable && opts.contentType ? opts.contentType : format.contentType, outcome };
}

/** Adds the DALI overflow flag (QUERY_STATUS OVERFLOW after the TABLE, DALI 1.1 §4.4.1) to a written VOTable. */
export function markOverflow(body: Buffer, message = 'the result was truncated'): Buffer {
  const info = `<INFO name="QUERY_STATUS" value="OVERFLOW">${escapeText(message)}</INFO>\n`;
  return Buffer.from(body.toString('utf8').replace('</TABLE>\n', `</TABLE>\n${info}`), 'utf8');
}
