// Batches a writer's many small pieces into ~64 KiB chunks for a Writable, and waits for
// 'drain' when the Writable says its buffer is full, so memory stays bounded whatever the rows.
import type { Writable } from 'node:stream';

export const CHUNK_BYTES = 64 * 1024;

/** The sink closed or failed while the result was still being written (e.g. client gone). */
export class SinkClosedError extends Error {
  override name = 'SinkClosedError';
}

export class ChunkedSink {
  private text = '';
  private needsDrain = false;
  private failure: Error | undefined;

  private readonly onError = (err: Error): void => { this.failure ??= err; };
  private readonly onClose = (): void => {
    this.failure ??= new SinkClosedError('output closed before the result was complete');
  };

  constructor(private readonly sink: Writable, private readonly chunkBytes = CHUNK_BYTES) {
    sink.on('error', this.onError);
    sink.on('close', this.onClose);
  }

  /** Stops watching the sink (the writer is done with it). */
  release(): void {
    this.sink.off('error', this.onError);
    this.sink.off('close', this.onClose);
  }

  /** Appends text (UTF-8 on the wire); cheap: V8 concatenates strings as ropes. */
  write(s: string): void {
    this.text += s;
  }

  /** Appends bytes, keeping order with text written before them. */
  writeBytes(bytes: Uint8Array): void {
    this.emitText();
    this.emit(bytes);
  }

  /** True when a chunk is ready: call `flush()` then (at a row boundary). */
  get full(): boolean {
    return this.text.length >= this.chunkBytes || this.needsDrain;
  }

  /** Hands the batched text to the sink and waits for 'drain' if the sink asked for it. */
  async flush(): Promise<void> {
    this.emitText();
    if (this.needsDrain) {
      await waitForDrain(this.sink, () => this.failure);
      this.needsDrain = false;
    }
    if (this.failure) throw this.failure;
  }

  private emitText(): void {
    if (this.text.length === 0) return;
    const chunk = this.text;
    this.text = '';
    this.emit(Buffer.from(chunk, 'utf8'));
  }

  private emit(bytes: Uint8Array): void {
    if (this.failure) throw this.failure;
    if (!this.sink.write(bytes)) this.needsDrain = true;
  }
}

/** Resolves on 'drain'; rejects if the sink errors or closes first. */
export function waitForDrain(sink: Writable, failed: () => Error | undefined = () => undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const early = failed();
    if (early) return reject(early);
    if (sink.destroyed) return reject(new SinkClosedError('output closed before the result was complete'));
    if (!sink.writableNeedDrain) return resolve();
    const cleanup = (): void => {
      sink.off('drain', onDrain);
      sink.off('error', onError);
      sink.off('close', onClose);
    };
    const onDrain = (): void => { cleanup(); resolve(); };
    const onError = (err: Error): void => { cleanup(); reject(err); };
    const onClose = (): void => { cleanup(); reject(new SinkClosedError('output closed before the result was complete')); };
    sink.on('drain', onDrain);
    sink.on('error', onError);
    sink.on('close', onClose);
  });
}

/** Copies a readable's chunks into `sink` with backpressure (the sink is left open). */
export async function copyInto(source: AsyncIterable<unknown>, sink: Writable): Promise<void> {
  for await (const chunk of source) {
    if (!sink.write(chunk as Buffer)) await waitForDrain(sink);
  }
}
