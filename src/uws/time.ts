// ISO 8601 times as UWS 1.1 §2.2.1 writes them (UTC, 'T' separator, trailing 'Z') and as clients
// send them in DESTRUCTION and AFTER (a time without zone is UTC, DALI 1.1 §3.3).
import { usageError } from './errors.ts';

export function formatTime(time: Date): string {
  return time.toISOString();
}

const isoPattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses an ISO 8601 time, or throws a usage error naming the parameter. */
export function parseTime(text: string, parameter: string): Date {
  const trimmed = text.trim();
  const match = isoPattern.exec(trimmed);
  if (!match) throw usageError(`${parameter} must be an ISO 8601 time such as 2030-01-02T03:04:05Z, got "${text}"`);
  const zoned = match[4] !== undefined ? trimmed : match[1] !== undefined ? `${trimmed}Z` : `${trimmed}T00:00:00Z`;
  const time = new Date(zoned);
  if (Number.isNaN(time.getTime())) throw usageError(`${parameter} is not a valid time: "${text}"`);
  return time;
}

/** Parses a non-negative integer number of seconds, or throws a usage error naming the parameter. */
export function parseSeconds(text: string, parameter: string): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) throw usageError(`${parameter} must be a non-negative integer, got "${text}"`);
  return Number(trimmed);
}
