// What can be wrong with an upload before the database sees it: a malformed or unsupported
// document (usage error, 400) or one beyond the configured limits (too large, 413).

/** The document is not a VOTable this service can read; the message says where and why. */
export class UploadFormatError extends Error {
  override readonly name = 'UploadFormatError';
}

/** The upload is beyond TAP_UPLOAD_MAX_BYTES or TAP_UPLOAD_MAX_ROWS. */
export class UploadLimitError extends Error {
  override readonly name = 'UploadLimitError';
}
