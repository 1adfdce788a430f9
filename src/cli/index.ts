#!/usr/bin/env node
import { Command } from 'commander';
import { VERSION } from '../main.js';
import { registerAccounts } from './accounts.js';
import { registerCall } from './call.js';
import { registerInbox } from './inbox.js';
import { registerMigrate } from './migrate.js';
import { registerRotateSecret } from './rotate-secret.js';
import { registerServe } from './serve.js';

const program = new Command('canopy').description('Self-hostable, wire-compatible Alibaba Cloud Resource Directory').version(VERSION);
registerServe(program);
registerAccounts(program);
registerInbox(program);
registerCall(program);
registerMigrate(program);
registerRotateSecret(program);

await program.parseAsync(process.argv);
