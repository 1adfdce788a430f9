import type { Command } from 'commander';
import { ConfigError, type Config, loadConfig } from '../config/config.js';
import { SecretMismatch } from '../storage/sql/server-secret.js';
import { storeFailure } from './store-errors.js';

/**
 * `canopy rotate-secret`: CANOPY_PREVIOUS_SECRET (or, unset, the secret emulator mode generated into
 * the store) is checked against the store's check value, every sealed value is re-sealed under
 * CANOPY_SECRET in one transaction, and the new check value is recorded. Servers must be stopped:
 * one still running would hold the old key and fail to open what was re-sealed.
 */
export function registerRotateSecret(program: Command): void {
  program
    .command('rotate-secret')
    .description(
      're-seal the store under CANOPY_SECRET (the new secret), from CANOPY_PREVIOUS_SECRET (the old one); stop every server first',
    )
    .action(async () => {
      let config: Config | undefined;
      try {
        config = loadConfig();
        if (!config.secret) throw new ConfigError('CANOPY_SECRET: required by rotate-secret (the new secret, at least 32 characters)');
        const done = await rotate(config, config.secret);
        if (done === undefined) {
          process.stdout.write('the memory store is created fresh at every start; nothing to rotate\n');
          return;
        }
        process.stdout.write(
          `re-sealed ${done.accessKeys} AccessKey secret(s) and ${done.outbox} outbox message(s) under the new CANOPY_SECRET; ` +
            'start every server with it (codes and email links sent before now no longer verify)\n',
        );
      } catch (error) {
        const failure = storeFailure(error, config?.store.kind === 'postgres' ? config.store.url : '');
        if (failure) throw failure;
        if (!(error instanceof ConfigError || error instanceof SecretMismatch)) throw error;
        process.stderr.write(`canopy: ${error instanceof ConfigError ? 'configuration error: ' : ''}${error.message}\n`);
        process.exit(2);
      }
    });
}

async function rotate(config: Config, next: string) {
  if (config.store.kind === 'postgres') {
    const { rotatePostgresSecret } = await import('../storage/postgres/index.js');
    const { url, schema, connectTimeoutMs } = config.store;
    return rotatePostgresSecret({ url, schema, connectTimeoutMs, secret: next, poolSize: 1 }, config.previousSecret, next);
  }
  if (config.store.kind !== 'sqlite') return undefined;
  const { rotateSqliteSecret } = await import('../storage/sqlite/index.js');
  return rotateSqliteSecret(config.store.path, config.previousSecret, next);
}
