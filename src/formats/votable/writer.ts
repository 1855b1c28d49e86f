// The VOTable result writers (TABLEDATA and BINARY2): head with QUERY_STATUS OK, rows streamed
// with backpressure, then the status slot after the TABLE (DALI 1.1 §4.4.1-4.4.2). Rows come
// either as row arrays or as PostgreSQL COPY output transcoded without a value per cell.
import type { Writable } from 'node:stream';
import { BINARY2_TARGET, BinaryFromCopy } from '../copy/binary.ts';
import { pumpCopy } from '../copy/pump.ts';
import { TextFromCopy } from '../copy/text.ts';
import { pumpRows, type RowOutcome } from '../rows.ts';
import { ChunkedSink } from '../sink.ts';
import type { CopyWriter, FieldMeta, ResultInfo, ResultWriter, WriteOutcome } from '../types.ts';
import { binary2RowEncoder, Base64Stream } from './binary2.ts';
import { documentHead, documentTail } from './document.ts';
import { TABLEDATA_COPY, tabledataRow } from './tabledata.ts';

export type VotableSerialization = 'TABLEDATA' | 'BINARY2';

/** One serialization's body: its opening tags, the rows (pumped), what closes it. */
interface Body {
  open: string;
  rows: (afterChunk: () => Promise<void> | undefined) => Promise<RowOutcome>;
  /** Writes what the body still holds, then its closing tags. */
  close: () => string;
}

const OPEN: Record<VotableSerialization, string> = {
  TABLEDATA: '<TABLEDATA>\n',
  BINARY2: '<BINARY2>\n<STREAM encoding="base64">\n',
};

async function writeDocument(fields: readonly FieldMeta[], sink: Writable,
  info: ResultInfo, bodyOf: (out: ChunkedSink) => Body): Promise<WriteOutcome> {
  const out = new ChunkedSink(sink);
  try {
    const body = bodyOf(out);
    out.write(documentHead(fields, info) + body.open);
    const outcome = await body.rows(() => (out.full ? out.flush() : undefined));
    out.write(body.close() + documentTail(outcome));
    await out.flush();
    return outcome;
  } finally {
    out.release();
  }
}

export function votableWriter(serialization: VotableSerialization): ResultWriter {
  return (fields, rows, sink, info) => writeDocument(fields, sink, info, (out) => {
    if (serialization === 'TABLEDATA') {
      const tr = tabledataRow(fields);
      return {
        open: OPEN.TABLEDATA,
        rows: (after) => pumpRows(rows, info.maxrec, (row) => out.write(tr(row)), after),
        close: () => '</TABLEDATA>',
      };
    }
    const stream = new Base64Stream(out);
    const encode = binary2RowEncoder(fields, stream);
    return {
      open: OPEN.BINARY2,
      rows: (after) => pumpRows(rows, info.maxrec, encode, after),
      close: () => { stream.finish(); return '</STREAM>\n</BINARY2>'; },
    };
  });
}

/** The same documents from COPY output: BINARY2 from binary COPY, TABLEDATA from text COPY. */
export function votableCopyWriter(serialization: VotableSerialization): CopyWriter {
  if (serialization === 'TABLEDATA') {
    return {
      format: 'text',
      write: (fields, types, chunks, sink, info) => writeDocument(fields, sink, info, (out) => ({
        open: OPEN.TABLEDATA,
        rows: (after) => pumpCopy(chunks, info.maxrec, new TextFromCopy(types, TABLEDATA_COPY, (s) => out.write(s)), after),
        close: () => '</TABLEDATA>',
      })),
    };
  }
  return {
    format: 'binary',
    write: (fields, types, chunks, sink, info) => writeDocument(fields, sink, info, (out) => {
      const stream = new Base64Stream(out);
      const transcoder = new BinaryFromCopy(types, BINARY2_TARGET, stream.bytes, () => stream.rowDone());
      return {
        open: OPEN.BINARY2,
        rows: (after) => pumpCopy(chunks, info.maxrec, transcoder, after),
        close: () => { stream.finish(); return '</STREAM>\n</BINARY2>'; },
      };
    }),
  };
}
