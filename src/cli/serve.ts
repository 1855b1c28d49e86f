// `hsc-vo serve`: the server on the data already loaded, and the banner that lists its services.
// Kept apart from the data life cycle (generate, ingest) so serving loads none of it.
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { startServer, type RunningServer } from '../server.ts';

/** Prints what is served where, and waits (the server stops on SIGINT/SIGTERM). */
export function announce(server: RunningServer): Promise<number> {
  const url = server.url;
  const lines = server.app.services.list().map((s) => `  ${s.name.padEnd(22)} ${url}${s.path}`);
  process.stdout.write(`\nHSC VO server ready (synthetic HSC-like data)\n  ${'Landing page'.padEnd(22)} ${url}/\n${lines.join('\n')}\n\n` +
    'Ctrl-C stops the server and the private database cleanly.\n');
  return new Promise<number>(() => undefined);
}

export async function serveCommand(config: Config, log: Logger): Promise<number> {
  return announce(await startServer(config, log));
}
