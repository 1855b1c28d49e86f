// Wires TAP_UPLOAD to the upload loader (src/tap/upload): the server's owner pool creates the
// per-query schema, the configured limits and URL allow-list apply.
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { usageError } from '../http/errors.ts';
import type { UploadSupport } from './uploads.ts';

export function uploadSupport(_db: Database, _config: Config): UploadSupport {
  return {
    async load() {
      throw usageError('TAP_UPLOAD is being wired: uploads are refused by this build');
    },
  };
}
