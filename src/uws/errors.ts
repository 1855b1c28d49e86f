// Errors of the UWS machinery, each with the HTTP status UWS 1.1 §2.2 gives it (404 unknown job
// or resource, 403 action not allowed in the job's phase or for this user, 400 bad request).
export type UwsErrorKind = 'usage' | 'forbidden' | 'not-found' | 'too-large';

const statusOf: Record<UwsErrorKind, number> = {
  'usage': 400,
  'forbidden': 403,
  'not-found': 404,
  'too-large': 413,
};

export class UwsError extends Error {
  readonly kind: UwsErrorKind;
  readonly status: number;
  constructor(kind: UwsErrorKind, message: string) {
    super(message);
    this.name = 'UwsError';
    this.kind = kind;
    this.status = statusOf[kind];
  }
}

export const usageError = (message: string): UwsError => new UwsError('usage', message);
export const forbidden = (message: string): UwsError => new UwsError('forbidden', message);
export const notFound = (message: string): UwsError => new UwsError('not-found', message);
export const tooLarge = (message: string): UwsError => new UwsError('too-large', message);
