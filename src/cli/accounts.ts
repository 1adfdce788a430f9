import type { Command } from 'commander';
import { addUrlOption, adminRequest, adminTarget } from './admin-client.js';
import { addOutputOption, print, stdoutMode } from './output.js';

export function registerAccounts(program: Command): void {
  const accounts = program.command('accounts').description('manage accounts through the admin API of a running server');
  const create = accounts
    .command('create')
    .description('create an account with an AccessKey pair; prints its ID, name and keys')
    .option('--display-name <name>', 'display name')
    .option('--account-name <name>', 'login name, e.g. alice@example.com (generated when omitted)')
    .option('--secure-phone <phone>', 'bound secure phone, <country code>-<number>')
    .option('--no-enterprise-verified', 'create the account without enterprise real-name verification')
    .option('--enterprise-name <name>', 'enterprise name from the real-name verification');
  addOutputOption(addUrlOption(create)).action(async (options) => {
    const mode = stdoutMode(options.output);
    const created = await adminRequest(adminTarget(options), 'POST', '/_canopy/accounts', {
      displayName: options.displayName,
      accountName: options.accountName,
      securePhone: options.securePhone,
      enterpriseVerified: options.enterpriseVerified,
      enterpriseName: options.enterpriseName,
    });
    print(created, mode);
  });
  const list = accounts.command('list').description('list accounts (no secrets)');
  addOutputOption(addUrlOption(list)).action(async (options) => {
    const mode = stdoutMode(options.output);
    print(await adminRequest(adminTarget(options), 'GET', '/_canopy/accounts'), mode);
  });
}
