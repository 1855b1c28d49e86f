// `hsc-vo`: the command-line tool. demo, serve, db, generate, ingest, hips build. Each command
// loads its own modules when it runs, so a serving process holds no generator or tiler code.
import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { version } from '../server.ts';

const program = new Command('hsc-vo')
  .description('Virtual Observatory server for the Subaru Hyper Suprime-Cam survey archive (synthetic HSC-like data)')
  .version(version)
  .option('--port <n>', 'HTTP port (env PORT, default 8080)')
  .option('--var-dir <dir>', 'state directory: private cluster, data, job results (env VAR_DIR, default ./var)')
  .option('--data-dir <dir>', 'generated data directory (env DATA_DIR, default VAR_DIR/data)')
  .option('--log-level <level>', 'debug, info, warn or error (env LOG_LEVEL)');

function configFrom(cmd: Command): Config {
  const o = cmd.optsWithGlobals<{ port?: string; varDir?: string; dataDir?: string; logLevel?: string }>();
  const env = { ...process.env };
  if (o.port) env.PORT = o.port;
  if (o.varDir) env.VAR_DIR = o.varDir;
  if (o.dataDir) env.DATA_DIR = o.dataDir;
  if (o.logLevel) env.LOG_LEVEL = o.logLevel;
  return loadConfig(env);
}

function run(fn: (config: Config, cmd: Command) => Promise<number | void>) {
  return async (...args: unknown[]): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    const config = configFrom(cmd);
    const code = await fn(config, cmd);
    if (typeof code === 'number') process.exitCode = code;
  };
}

const profileOption = new Option('--profile <name>', 'dataset profile').choices(['tiny', 'demo']);

program.command('serve').description('serve the VO services (uses the data already loaded)')
  .action(run(async (config) => (await import('./serve.ts')).serveCommand(config, createLogger(config.logLevel))));

program.command('db').description('manage the private PostgreSQL cluster').argument('<action>', 'start, stop or status')
  .action(async (action: string, _opts: unknown, cmd: Command) => {
    const config = configFrom(cmd);
    process.exitCode = await (await import('./db.ts')).dbCommand(action, config, createLogger(config.logLevel));
  });

program.command('generate').description('generate the synthetic HSC-like data set (catalog CSV files and coadd FITS images)')
  .addOption(profileOption)
  .option('--seed <n>', 'generator seed (env DATA_SEED)')
  .option('--target-rows <n>', 'scale the catalog to about this many rows over the survey fields (catalog only)')
  .option('--no-images', 'skip the coadd images')
  .option('--workers <n>', 'worker threads (default: all cores)')
  .action(run(async (config, cmd) => (await import('./data.ts')).generateCommand(config, createLogger(config.logLevel), cmd.opts())));

program.command('ingest').description('load the generated data into PostgreSQL (COPY), then build indexes')
  .option('--concurrency <n>', 'parallel COPY connections', '2')
  .option('--reindex', 'build the indexes and sky order of sql/indexes even when nothing new is loaded')
  .action(run(async (config, cmd) => (await import('./data.ts')).ingestCommand(config, createLogger(config.logLevel), cmd.opts())));

const hips = program.command('hips').description('HiPS hierarchies of the coadd images');
hips.command('build').description('build a band or colour HiPS from the coadd images into HIPS_DIR (default ./hips)')
  .option('--band <b>', 'one band (g r i z y): HiPS <schema>_<band>')
  .option('--color <bands>', 'three bands, red first (e.g. i,r,g): colour HiPS (Lupton asinh), building the band HiPS first')
  .option('--files <paths...>', 'explicit FITS files instead of the data directory (needs --id)')
  .option('--id <id>', 'HiPS id (directory and URL /hips/<id>)')
  .option('--schema <name>', 'data set under the data directory', 'pdr3_wide')
  .option('--order <n>', 'deepest order (default from the pixel scale: 12 for 0.168" pixels)')
  .option('--width <n>', 'tile width in pixels', '512')
  .option('--formats <list>', 'tile formats: png, jpeg, fits')
  .option('--overlap <rule>', 'where images overlap: mean or best-seeing', 'mean')
  .option('--workers <n>', 'worker threads (default: all cores)')
  .option('--out <dir>', 'output directory (default HIPS_DIR)')
  .option('--recut', 'recompute the display cut levels')
  .action(run(async (config, cmd) => (await import('../hips/command.ts')).hipsBuildCommand(config, createLogger(config.logLevel), cmd.opts())));

program.command('demo').description('generate and load the demo data if missing, then serve on http://localhost:8080')
  .addOption(profileOption)
  .action(run(async (config, cmd) => (await import('./data.ts')).demoCommand(config, createLogger(config.logLevel), cmd.opts())));

await program.parseAsync(process.argv);
