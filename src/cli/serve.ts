import cluster from 'node:cluster';
import type { Command } from 'commander';
import { pino } from 'pino';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { createCanopy } from '../main.js';
import { StartupRefused } from '../storage/store.js';
import { runPrimary } from './workers.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the server (configuration from the environment; see README)')
    .option('-p, --port <port>', 'port to listen on (overrides PORT)')
    .option('-H, --host <host>', 'address to bind (overrides HOST)')
    .option('-w, --workers <count>', 'processes sharing the port, 1 to 64 (node:cluster)', '1')
    .action(async (options: { port?: string; host?: string; workers: string }) => {
      let config: Config;
      let workers: number;
      try {
        config = loadConfig({ ...process.env, PORT: options.port ?? process.env['PORT'], HOST: options.host ?? process.env['HOST'] });
        workers = Number(options.workers);
        if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new ConfigError('--workers: must be an integer from 1 to 64');
        if (workers > 1 && config.store.kind === 'memory') {
          throw new ConfigError('--workers: each process would get its own memory store; use SQLite or PostgreSQL');
        }
      } catch (error) {
        if (error instanceof ConfigError) {
          process.stderr.write(`canopy: configuration error: ${error.message}\n`);
          process.exit(2);
        }
        throw error;
      }
      if (workers > 1 && cluster.isPrimary) return refuseStart(() => runPrimary(config, workers, pino({ level: config.logLevel })));

      const canopy = await refuseStart(() => createCanopy(config));
      const url = await canopy.listen();
      canopy.app.log.info({ url, mode: config.mode, store: canopy.store.kind }, 'canopy listening');
      const stop = async (signal: string) => {
        canopy.app.log.info({ signal }, 'shutting down');
        await canopy.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
    });
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
    process.stderr.write(`canopy: ${error.message}\n`);
    process.exit(2);
  }
}
