// Wires TAP_UPLOAD to the upload loader (src/tap/upload): the server's owner pool creates the
// per-query schema; the configured limits and URL allow-list apply. Leftover schemas of
// requests that died with a crashed process are swept periodically.
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { sweepUploadSchemas, uploadLoader } from './upload/index.ts';
import type { TapLimits } from '../config.ts';
import { defaultBodyLimits, type BodyLimits } from '../http/request-body.ts';
import type { UploadSupport } from './uploads.ts';

export function uploadSupport(db: Database, config: Config): UploadSupport {
  return uploadLoader(db.owner, config.tap);
}

/**
 * Request bodies of /sync and /async: a file part larger than the advertised uploadLimit is
 * refused while it streams in (413 with a VOTable error, the rest of the body read and dropped so
 * the client gets the answer), not spooled to disk first (anchors §2 D17).
 */
export function uploadBodyLimits(limits: Pick<TapLimits, 'uploadMaxBytes'>): BodyLimits {
  return { ...defaultBodyLimits, maxFileBytes: limits.uploadMaxBytes };
}

/** Drops upload schemas older than any query may run, now and every `intervalMs`; returns a stop function. */
export function startUploadSweeper(db: Database, config: Config, log: Logger, intervalMs = 10 * 60_000): () => void {
  const olderThanMs = (Math.max(config.tap.executionHardSeconds, config.tap.syncTimeoutSeconds) + 3600) * 1000;
  const sweep = (): void => {
    sweepUploadSchemas(db.owner, olderThanMs).then((dropped) => {
      if (dropped.length) log.warn('dropped leftover upload schemas', { schemas: dropped });
    }, (err: unknown) => log.warn('upload schema sweep failed', { error: String(err) }));
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
