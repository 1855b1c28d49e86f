// Streaming reader of the first TABLE of a VOTable (1.1-1.5, VOTable 1.4 §3-§5): its FIELDs,
// then its rows from TABLEDATA, BINARY or BINARY2 (base64 STREAM), decoded chunk by chunk so
// memory stays near one chunk whatever the document's size. Malformed input fails with a position.
import { TextDecoder } from 'node:util';
import { BinaryRowDecoder } from './binary.ts';
import { UploadFormatError, UploadLimitError } from './errors.ts';
import { uploadField, type UploadField } from './fields.ts';
import { tabledataCell, type VotableCell } from './tabledata.ts';
import { XmlScanner, type XmlEvent, type XmlPosition } from './xml-scanner.ts';

export interface VotableTable {
  /** TABLE name attribute, if any. */
  name: string | undefined;
  fields: UploadField[];
  /** The rows, read as they are consumed; reading them to the end releases the source. */
  rows: AsyncGenerator<VotableCell[], void, undefined>;
}

export interface ReadOptions {
  /** More rows than this is an UploadLimitError. */
  maxRows: number;
}

type Batch = { kind: 'table'; name: string | undefined; fields: UploadField[] } | { kind: 'rows'; rows: VotableCell[][] };

/** Opens the first TABLE of the document: resolves once its FIELDs are known. */
export async function readVotable(chunks: AsyncIterable<Uint8Array>, options: ReadOptions): Promise<VotableTable> {
  const batches = parseBatches(chunks, options);
  const first = await batches.next();
  if (first.done || first.value.kind !== 'table') throw new UploadFormatError('the document holds no TABLE');
  const { name, fields } = first.value;
  async function* rows(): AsyncGenerator<VotableCell[], void, undefined> {
    for await (const batch of batches) if (batch.kind === 'rows') yield* batch.rows;
  }
  return { name, fields, rows: rows() };
}

/** Text from bytes, in the encoding the XML declaration (or a UTF-16 byte order mark) names. */
async function* decodeText(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let head = Buffer.alloc(0);
  for await (const chunk of chunks) {
    if (!decoder) {
      head = Buffer.concat([head, chunk]);
      if (head.length < 512) continue;
      decoder = decoderFor(head);
      yield decoder.decode(head, { stream: true });
    } else yield decoder.decode(chunk, { stream: true });
  }
  if (!decoder) {
    decoder = decoderFor(head);
    yield decoder.decode(head, { stream: true });
  }
  yield decoder.decode();
}

function decoderFor(head: Buffer): TextDecoder {
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be');
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le');
  refuseOtherFormats(head);
  const declared = /^(?:\uFEFF)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.subarray(0, 512).toString('latin1'));
  try {
    return new TextDecoder(declared?.[1] ?? 'utf-8');
  } catch {
    throw new UploadFormatError(`the document's encoding "${declared?.[1] ?? ''}" is not supported`);
  }
}

/**
 * Users upload CSV, FITS or Parquet files (astroquery#2529) and got an XML syntax error at line 1
 * (anchors §2 D18): a document that cannot be XML is refused by naming what it looks like and
 * what to send instead.
 */
function refuseOtherFormats(head: Buffer): void {
  const text = head.subarray(0, 512).toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '');
  const first = text.trimStart().charAt(0);
  if (first === '<' || first === '') return;
  const kind = text.startsWith('SIMPLE  =') ? 'a FITS file'
    : text.startsWith('PAR1') ? 'a Parquet file'
      : head[0] === 0x1f && head[1] === 0x8b ? 'a gzip-compressed file'
        : /^[^\n]*[,\t][^\n]*\r?\n/.test(text) ? 'a CSV or TSV table' : 'not XML';
  throw new UploadFormatError(`the upload is ${kind}, not a VOTable: this service reads VOTable uploads `
    + '(TABLEDATA, BINARY or BINARY2, as TAP 1.1 §2.7.6 requires); convert it first, e.g. with '
    + "astropy's Table.write(..., format='votable') or stilts tcopy ofmt=votable");
}

/** Where the parse is inside the first TABLE. */
interface TableState {
  name: string | undefined;
  depth: number;
  fields: UploadField[];
  announced: boolean;
  /** Index of the FIELD being read (its DESCRIPTION and VALUES), -1 outside FIELDs. */
  field: number;
  description: string | undefined;
  tabledata: boolean;
  row: VotableCell[] | undefined;
  cell: string | undefined;
  stream: BinaryRowDecoder | undefined;
  binary: 'BINARY' | 'BINARY2' | undefined;
  rows: number;
}

async function* parseBatches(chunks: AsyncIterable<Uint8Array>, options: ReadOptions): AsyncGenerator<Batch> {
  const scanner = new XmlScanner();
  const path: string[] = [];
  let table: TableState | undefined;
  let done = false;
  let out: Batch[] = [];

  const fail: (message: string, at: XmlPosition) => never = (message, at) => scanner.fail(message, at);
  const addRows = (rows: VotableCell[][], t: TableState): void => {
    if (rows.length === 0) return;
    t.rows += rows.length;
    if (t.rows > options.maxRows) throw new UploadLimitError(`the table has more than ${options.maxRows} rows (TAP_UPLOAD_MAX_ROWS)`);
    out.push({ kind: 'rows', rows });
  };
  const announce = (t: TableState, at: XmlPosition): void => {
    if (t.announced) return;
    if (t.fields.length === 0) fail('the TABLE has no FIELD', at);
    t.announced = true;
    out.push({ kind: 'table', name: t.name, fields: t.fields });
  };

  const onOpen = (e: XmlEvent & { kind: 'open' }): void => {
    const parent = path.at(-1);
    path.push(e.name);
    if (path.length === 1) {
      if (e.name !== 'VOTABLE') fail(`the root element is <${e.name}>, not <VOTABLE>`, e.at);
      return;
    }
    if (!table) {
      if (e.name === 'TABLE') table = emptyTable(e.attributes.get('name'), path.length);
      return;
    }
    const t = table;
    const inTable = path.length - 1 === t.depth;
    if (inTable && e.name === 'FIELD') {
      if (t.announced) fail('a FIELD after the DATA', e.at);
      t.fields.push(uploadField(e.attributes, t.fields.length));
      t.field = t.fields.length - 1;
    } else if (t.field >= 0 && parent === 'FIELD' && e.name === 'VALUES') {
      const field = t.fields[t.field];
      if (field) field.nullValue = e.attributes.get('null');
    } else if (t.field >= 0 && parent === 'FIELD' && e.name === 'DESCRIPTION') {
      t.description = '';
    } else if (inTable && e.name === 'DATA') {
      announce(t, e.at);
    } else if (parent === 'DATA') {
      switch (e.name) {
        case 'TABLEDATA': t.tabledata = true; break;
        case 'BINARY': case 'BINARY2': t.binary = e.name; break;
        case 'FITS': fail('FITS-serialized uploads are not supported: send TABLEDATA, BINARY or BINARY2', e.at); break;
        default: fail(`<${e.name}> cannot be the content of DATA`, e.at);
      }
    } else if (t.tabledata && parent === 'TABLEDATA' && e.name === 'TR') {
      t.row = [];
    } else if (t.row && parent === 'TR' && e.name === 'TD') {
      if (e.attributes.has('encoding')) fail('encoded TD cells are not supported', e.at);
      t.cell = '';
    } else if (t.binary && parent === t.binary && e.name === 'STREAM') {
      if (e.attributes.has('href')) fail('a STREAM with href (external data) is not supported: put the data in the document', e.at);
      const encoding = e.attributes.get('encoding');
      if (encoding !== 'base64') fail(`STREAM encoding "${encoding ?? ''}" is not supported: use encoding="base64"`, e.at);
      t.stream = new BinaryRowDecoder(t.fields, t.binary === 'BINARY2');
    }
  };

  const onText = (e: XmlEvent & { kind: 'text' }): void => {
    const t = table;
    if (!t) return;
    if (t.cell !== undefined) t.cell += e.text;
    else if (t.stream) addRows(t.stream.push(e.text), t);
    else if (t.description !== undefined) t.description += e.text;
  };

  const onClose = (e: XmlEvent & { kind: 'close' }): void => {
    path.pop();
    const t = table;
    if (!t) return;
    if (e.name === 'TABLE' && path.length + 1 === t.depth) {
      announce(t, e.at);
      done = true;
    } else if (e.name === 'FIELD' && path.length === t.depth) {
      t.field = -1;
    } else if (e.name === 'DESCRIPTION' && t.description !== undefined) {
      const field = t.fields[t.field];
      if (field) field.description = t.description.trim();
      t.description = undefined;
    } else if (e.name === 'TD' && t.row && t.cell !== undefined) {
      const field = t.fields[t.row.length];
      if (!field) fail(`row ${t.rows + 1} has more TD than the ${t.fields.length} FIELDs`, e.at);
      try {
        t.row.push(tabledataCell(field, t.cell));
      } catch (err) {
        fail(`row ${t.rows + 1}, column ${field.name}: ${(err as Error).message}`, e.at);
      }
      t.cell = undefined;
    } else if (e.name === 'TR' && t.row) {
      if (t.row.length !== t.fields.length) fail(`row ${t.rows + 1} has ${t.row.length} TD for ${t.fields.length} FIELDs`, e.at);
      addRows([t.row], t);
      t.row = undefined;
    } else if (e.name === 'STREAM' && t.stream) {
      t.stream.end(t.rows);
      t.stream = undefined;
    }
  };

  const handle = (events: Iterable<XmlEvent>): void => {
    for (const e of events) {
      if (done) return;
      try {
        switch (e.kind) {
          case 'open': onOpen(e); break;
          case 'text': onText(e); break;
          case 'close': onClose(e); break;
          default: {
            const unreachable: never = e;
            return unreachable;
          }
        }
      } catch (err) {
        // FIELD and STREAM problems are found without a position: give them the event's.
        if (err instanceof UploadFormatError && !err.message.startsWith('line ')) fail(err.message, e.at);
        throw err;
      }
    }
  };

  for await (const text of decodeText(chunks)) {
    handle(scanner.push(text));
    yield* out;
    out = [];
    if (done) return;
  }
  handle(scanner.end());
  yield* out;
}

function emptyTable(name: string | undefined, depth: number): TableState {
  return {
    name, depth, fields: [], announced: false, field: -1, description: undefined,
    tabledata: false, row: undefined, cell: undefined, stream: undefined, binary: undefined, rows: 0,
  };
}
