// Byte sinks a FITS writer streams into: a file (positional writes via a FileHandle) or any
// Node Writable (an HTTP response), honouring back-pressure.
import fs from 'node:fs/promises';
import type { Writable } from 'node:stream';

export interface ByteSink {
  /** Writes the bytes; the caller may reuse `chunk` once the promise resolves. */
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Bytes written so far. */
  readonly bytesWritten: number;
}

/** A sink writing a new file (truncating any existing one). */
export async function fileSink(path: string): Promise<ByteSink> {
  const handle = await fs.open(path, 'w');
  let position = 0;
  return {
    async write(chunk) {
      let done = 0;
      while (done < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, done, chunk.length - done, position + done);
        done += bytesWritten;
      }
      position += chunk.length;
    },
    async close() {
      await handle.close();
    },
    get bytesWritten() {
      return position;
    },
  };
}

/** A sink over a Writable stream; `close` ends the stream. Chunks are copied, as the stream may hold them. */
export function writableSink(stream: Writable): ByteSink {
  let total = 0;
  return {
    async write(chunk) {
      total += chunk.length;
      if (!stream.write(Buffer.from(chunk))) {
        await new Promise<void>((resolve, reject) => {
          const onDrain = (): void => {
            stream.off('error', onError);
            resolve();
          };
          const onError = (e: Error): void => {
            stream.off('drain', onDrain);
            reject(e);
          };
          stream.once('drain', onDrain);
          stream.once('error', onError);
        });
      }
    },
    async close() {
      await new Promise<void>((resolve) => stream.end(resolve));
    },
    get bytesWritten() {
      return total;
    },
  };
}
