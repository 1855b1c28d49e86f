// `hsc-vo db start|stop|status`: manages the private PostgreSQL cluster (the embedded default).
import type { Config } from '../config.ts';
import { clusterStatus, ensureCluster, stopCluster } from '../db/cluster.ts';
import type { Logger } from '../log.ts';

export async function dbCommand(action: string, config: Config, log: Logger): Promise<number> {
  if (config.databaseUrl) {
    log.warn('DATABASE_URL is set: the server uses that database, not the private cluster');
  }
  switch (action) {
    case 'start': {
      const c = await ensureCluster(config.varDir, config.privatePgPort, log);
      process.stdout.write(`private cluster running on 127.0.0.1:${c.port} (data in ${c.paths.dataDir})\n`);
      return 0;
    }
    case 'stop': {
      const stopped = stopCluster(config.varDir, log);
      process.stdout.write(stopped ? 'private cluster stopped\n' : 'private cluster was not running\n');
      return 0;
    }
    case 'status': {
      const s = clusterStatus(config.varDir);
      process.stdout.write(s.running ? `running on 127.0.0.1:${s.port} (data in ${s.paths.dataDir})\n`
        : `stopped (data in ${s.paths.dataDir})\n`);
      return s.running ? 0 : 3;
    }
    default:
      process.stderr.write(`unknown action "${action}": use start, stop or status\n`);
      return 2;
  }
}
