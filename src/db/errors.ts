// Errors of the database layer that tell an operator exactly what to do.

/** PostgreSQL, pg_sphere or a privilege is missing; the message names the fix (package, command). */
export class DatabaseSetupError extends Error {
  override readonly name = 'DatabaseSetupError';
  constructor(message: string, readonly remedy: string) {
    super(`${message}\n  -> ${remedy}`);
  }
}
