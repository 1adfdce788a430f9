import type { Command } from 'commander';
import { adminRequest, adminTarget, print } from './admin-client.js';

export function registerAccounts(program: Command): void {
  const accounts = program.command('accounts').description('manage accounts through the admin API of a running server');
  accounts
    .command('create')
    .description('create an account with an AccessKey pair; prints its ID, name and keys as JSON')
    .option('--display-name <name>', 'display name')
    .option('--account-name <name>', 'login name, e.g. alice@example.com (generated when omitted)')
    .option('--secure-phone <phone>', 'bound secure phone, <country code>-<number>')
    .option('--no-enterprise-verified', 'create the account without enterprise real-name verification')
    .option('--enterprise-name <name>', 'enterprise name from the real-name verification')
    .option('--url <url>', 'server URL (default $CANOPY_URL or http://127.0.0.1:8080)')
    .action(async (options) => {
      print(
        await adminRequest(adminTarget(options), 'POST', '/_canopy/accounts', {
          displayName: options.displayName,
          accountName: options.accountName,
          securePhone: options.securePhone,
          enterpriseVerified: options.enterpriseVerified,
          enterpriseName: options.enterpriseName,
        }),
      );
    });
  accounts
    .command('list')
    .description('list accounts (no secrets)')
    .option('--url <url>', 'server URL')
    .action(async (options) => print(await adminRequest(adminTarget(options), 'GET', '/_canopy/accounts')));
}
