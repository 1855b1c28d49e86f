// Errors of the UWS machinery, each with the HTTP status UWS 1.1 §2.2 gives it (404 unknown job
// or resource, 403 action not allowed in the job's phase or for this user, 400 bad request).
import { ServiceError, type ServiceErrorKind } from '../http/errors.ts';

export type UwsErrorKind = Extract<ServiceErrorKind, 'usage' | 'forbidden' | 'not-found' | 'too-large'>;

/** A UWS error is a service error like any other: one hierarchy, one status table. */
export class UwsError extends ServiceError {
  override readonly name: string = 'UwsError';
  constructor(kind: UwsErrorKind, message: string) {
    super(kind, message);
  }
}

export const usageError = (message: string): UwsError => new UwsError('usage', message);
export const forbidden = (message: string): UwsError => new UwsError('forbidden', message);
export const notFound = (message: string): UwsError => new UwsError('not-found', message);
export const tooLarge = (message: string): UwsError => new UwsError('too-large', message);
