#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.js';
import { VERSION } from '../main.js';
import { registerAccounts } from './accounts.js';
import { registerAdminCommands } from './admin-commands.js';
import { registerCall } from './call.js';
import { CliError, EXIT } from './exit.js';
import { registerInbox } from './inbox.js';
import { registerMigrate } from './migrate.js';
import { registerPolicy } from './policy.js';
import { registerRotateSecret } from './rotate-secret.js';
import { registerServe } from './serve.js';
import { reportToPrimary } from './serve-failures.js';

const program = new Command('canopy').description('Self-hostable, wire-compatible Alibaba Cloud Resource Directory').version(VERSION);
// Set before the commands are added, so each inherits it: a usage error exits 2, not commander's 1.
program.exitOverride();
registerServe(program);
registerAccounts(program);
registerAdminCommands(program);
registerInbox(program);
registerCall(program);
registerMigrate(program);
registerPolicy(program);
registerRotateSecret(program);

// No top-level await: the command line is bundled as CommonJS (scripts/bundle-cli.mjs), which has none.
program.parseAsync(process.argv).catch(async (error: unknown) => process.exit(await exitCodeOf(error)));

/** An expected failure is one line and its exit code (see EXIT); anything else is a bug and keeps its stack trace. */
async function exitCodeOf(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    // commander has printed the message (or the help) already.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  // A serve worker leaves the telling to its primary: one line, not one per worker.
  if (error instanceof CliError && (await reportToPrimary(error))) return error.exitCode;
  if (error instanceof CliError || error instanceof ConfigError) {
    const prefix = error instanceof ConfigError ? 'configuration error: ' : '';
    process.stderr.write(`canopy: ${prefix}${error.message}\n`);
    return error instanceof CliError ? error.exitCode : EXIT.usage;
  }
  process.stderr.write(`canopy: unexpected error (a bug; please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
  return EXIT.unexpected;
}
