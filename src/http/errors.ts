// The service errors every endpoint raises: a small hierarchy with the HTTP status and, where a
// protocol has one, its error code. Each protocol renders them in its own form (VOTable error
// document, UWS, plain text) through its error middleware.

export type ServiceErrorKind = 'usage' | 'not-found' | 'too-large' | 'overloaded' | 'unauthorized' | 'forbidden' | 'fatal';

const STATUS: Record<ServiceErrorKind, number> = {
  usage: 400,
  'not-found': 404,
  'too-large': 413,
  overloaded: 503,
  unauthorized: 401,
  forbidden: 403,
  fatal: 500,
};

export class ServiceError extends Error {
  override readonly name: string = 'ServiceError';
  readonly status: number;
  constructor(readonly kind: ServiceErrorKind, message: string, readonly code?: string) {
    super(message);
    this.status = STATUS[kind];
  }
}

export const usageError = (message: string, code?: string): ServiceError => new ServiceError('usage', message, code);
export const notFound = (message: string): ServiceError => new ServiceError('not-found', message);
export const tooLarge = (message: string): ServiceError => new ServiceError('too-large', message);

/** Any thrown value as a ServiceError (unknown errors are fatal, with their message kept for the log). */
export function asServiceError(err: unknown): ServiceError {
  if (err instanceof ServiceError) return err;
  const e = err as { status?: number; expose?: boolean; message?: string };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    const kind = e.status === 404 ? 'not-found' : e.status === 413 ? 'too-large' : 'usage';
    return new ServiceError(kind, e.message ?? 'bad request');
  }
  return new ServiceError('fatal', err instanceof Error ? err.message : String(err));
}
