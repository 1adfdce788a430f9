import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../storage/sqlite/index.js';
import { migrate } from '../storage/sqlite/migrate.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending schema migrations to the configured store and exit')
    .action(async () => {
      const config = loadConfig();
      if (config.store.kind === 'postgres') {
        const { migratePostgres } = await import('../storage/postgres/index.js');
        const applied = await migratePostgres(config.store.url, config.store.schema);
        process.stdout.write(
          `${applied} migration(s) applied to PostgreSQL${config.store.schema ? ` schema ${config.store.schema}` : ''}\n`,
        );
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
