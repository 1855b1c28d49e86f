// Global test setup: starts the private PostgreSQL cluster for the run (filled in by the db layer).
export default async function setup(): Promise<void> {}
