import cluster from 'node:cluster';
import type { Command } from 'commander';
import { type Logger, pino } from 'pino';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { createCanopy } from '../main.js';
import { StartupRefused } from '../storage/store.js';
import { CliError, EXIT } from './exit.js';
import { limitHeapGrowth } from './heap-growth.js';
import { connectionCapProblem, openFileLimit } from './open-file-limit.js';
import { logFormat, prettyDestination } from './pretty-log.js';
import { listenFailure, startBanner, tlsFailure } from './serve-failures.js';
import { runPrimary, shutdownLimitMs } from './workers.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the server (configuration from the environment; see docs/configuration.md)')
    .option('-p, --port <port>', 'port to listen on (overrides PORT)')
    .option('-H, --host <host>', 'address to bind (overrides HOST)')
    .option('-w, --workers <count>', 'processes sharing the port, 1 to 64 (node:cluster)', '1')
    .action(async (options: { port?: string; host?: string; workers: string }) => {
      // A ConfigError reaches index.ts: one line, exit 2.
      const config = loadConfig({ ...process.env, PORT: options.port ?? process.env['PORT'], HOST: options.host ?? process.env['HOST'] });
      const workers = Number(options.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new ConfigError('--workers: must be an integer from 1 to 64');
      if (workers > 1 && config.store.kind === 'memory') {
        throw new ConfigError('--workers: each process would get its own memory store; use SQLite or PostgreSQL');
      }
      const log = serverLog(config);
      // Once per start: workers read the same environment and have the same limits.
      if (cluster.isPrimary) {
        for (const { name, nearest } of config.unknownSettings) {
          log.warn({ setting: name, nearest }, `${name} is not a Canopy setting and is ignored; did you mean ${nearest}?`);
        }
        const poolSize = config.store.kind === 'postgres' ? config.store.poolSize : 0;
        const capProblem = connectionCapProblem(config.http.maxConnections, openFileLimit(), poolSize);
        if (capProblem) log.warn(capProblem);
      }
      if (workers > 1 && cluster.isPrimary) return refuseStart(() => runPrimary(config, workers, log));
      // A server's process only: startCanopy in someone's test process leaves their heap alone.
      limitHeapGrowth();

      const canopy = await refuseStart(async () => {
        try {
          return await createCanopy(config, { log });
        } catch (error) {
          throw tlsFailure(error, config) ?? error;
        }
      });
      let url: string;
      try {
        url = await canopy.listen();
      } catch (error) {
        throw listenFailure(error, config) ?? error;
      }
      log.info(
        { url, mode: config.mode, store: canopy.store.kind, inbox: `${url}/_canopy/messages` },
        startBanner(url, config, canopy.store.kind),
      );
      let stopping = false;
      const stop = async (signal: string) => {
        // A second signal (a terminal's Ctrl-C reaches the workers and their primary) changes nothing.
        if (stopping) return;
        stopping = true;
        log.info({ signal, graceMs: config.http.shutdownGraceMs }, 'shutting down');
        // close() ends connections after the grace; what follows (an SMS being sent, the store's
        // last queries) has its own timeouts. Should anything still hang, exit all the same.
        setTimeout(() => {
          log.error('shutdown did not finish in time; exiting');
          process.exit(1);
        }, shutdownLimitMs(config)).unref();
        await canopy.close();
        process.exit(0);
      };
      process.on('SIGTERM', () => void stop('SIGTERM'));
      process.on('SIGINT', () => void stop('SIGINT'));
    });
}

/** JSON lines with ISO times for a pipe or a collector; formatted lines on a terminal (pretty-log.ts). */
function serverLog(config: Config): Logger {
  const options = { level: config.logLevel, timestamp: pino.stdTimeFunctions.isoTime };
  const { pretty, color } = logFormat(process.stdout.isTTY === true, process.env);
  return pretty ? pino(options, prettyDestination(process.stdout, color)) : pino(options);
}

/**
 * The store refuses this process (for example it is sealed under another CANOPY_SECRET and would
 * answer every signed request with a 500): stop before listening, with a message that names the
 * variable (never the secret). A refusal met after a late connect stops the process the same way (main.ts).
 */
async function refuseStart<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (!(error instanceof StartupRefused)) throw error;
    throw new CliError(error.message, EXIT.usage);
  }
}
