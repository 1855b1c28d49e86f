// The VOTable result writers (TABLEDATA and BINARY2): head with QUERY_STATUS OK, rows streamed
// with backpressure, then the status slot after the TABLE (DALI 1.1 §4.4.1-4.4.2).
import { pumpRows } from '../rows.ts';
import { ChunkedSink } from '../sink.ts';
import type { FieldMeta, ResultWriter, Row } from '../types.ts';
import { binary2RowEncoder, Base64Stream } from './binary2.ts';
import { documentHead, documentTail } from './document.ts';
import { tabledataRow } from './tabledata.ts';

export type VotableSerialization = 'TABLEDATA' | 'BINARY2';

interface Body {
  open: string;
  encode: (row: Row) => void;
  /** Writes what the body still holds, then its closing tags. */
  close: () => string;
}

function tabledataBody(fields: readonly FieldMeta[], out: ChunkedSink): Body {
  const tr = tabledataRow(fields);
  return { open: '<TABLEDATA>\n', encode: (row) => out.write(tr(row)), close: () => '</TABLEDATA>' };
}

function binary2Body(fields: readonly FieldMeta[], out: ChunkedSink): Body {
  const stream = new Base64Stream(out);
  const encode = binary2RowEncoder(fields, stream);
  return {
    open: '<BINARY2>\n<STREAM encoding="base64">\n',
    encode,
    close: () => { stream.finish(); return '</STREAM>\n</BINARY2>'; },
  };
}

export function votableWriter(serialization: VotableSerialization): ResultWriter {
  return async (fields, rows, sink, info) => {
    const out = new ChunkedSink(sink);
    try {
      const body = serialization === 'TABLEDATA' ? tabledataBody(fields, out) : binary2Body(fields, out);
      out.write(documentHead(fields, info) + body.open);
      const outcome = await pumpRows(rows, info.maxrec, body.encode, () => (out.full ? out.flush() : undefined));
      out.write(body.close() + documentTail(outcome));
      await out.flush();
      return outcome;
    } finally {
      out.release();
    }
  };
}
