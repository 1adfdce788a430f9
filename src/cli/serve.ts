import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/config.js';
import { createCanopy } from '../main.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the server (configuration from the environment; see README)')
    .option('-p, --port <port>', 'port to listen on (overrides PORT)')
    .option('-H, --host <host>', 'address to bind (overrides HOST)')
    .action(async (options: { port?: string; host?: string }) => {
      let canopy;
      try {
        const config = loadConfig({ ...process.env, PORT: options.port ?? process.env['PORT'], HOST: options.host ?? process.env['HOST'] });
        canopy = await createCanopy(config);
        const url = await canopy.listen();
        canopy.app.log.info({ url, mode: config.mode, store: canopy.store.kind }, 'canopy listening');
      } catch (error) {
        if (error instanceof ConfigError) {
          process.stderr.write(`canopy: configuration error: ${error.message}\n`);
          process.exit(2);
        }
        throw error;
      }
      const stop = async (signal: string) => {
        canopy.app.log.info({ signal }, 'shutting down');
        await canopy.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
    });
}
