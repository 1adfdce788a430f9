import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../storage/sqlite/index.js';
import { migrate } from '../storage/sqlite/migrate.js';
import { storeFailure } from './store-errors.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending schema migrations to the configured store and exit')
    .action(async () => {
      // A ConfigError reaches index.ts: one line and exit 2, as for serve.
      const config = loadConfig();
      if (config.store.kind === 'postgres') {
        const { migratePostgres } = await import('../storage/postgres/index.js');
        const { url, schema } = config.store;
        let applied: number;
        try {
          applied = await migratePostgres(url, schema);
        } catch (error) {
          throw storeFailure(error, url) ?? error;
        }
        process.stdout.write(`${applied} migration(s) applied to PostgreSQL${schema ? ` schema ${schema}` : ''}\n`);
        return;
      }
      if (config.store.kind !== 'sqlite') {
        process.stdout.write('the memory store is created fresh at every start; nothing to migrate\n');
        return;
      }
      const db = openDatabase(config.store.path);
      const applied = migrate(db);
      db.close();
      process.stdout.write(`${applied} migration(s) applied to ${config.store.path}\n`);
    });
}
