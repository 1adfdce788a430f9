import type { Command } from 'commander';
import { adminRequest, adminTarget, print } from './admin-client.js';

export function registerInbox(program: Command): void {
  program
    .command('inbox')
    .description('show SMS and email messages, newest first (codes and links appear in emulator mode only)')
    .option('--phone <phone>', 'only SMS to this phone')
    .option('--email <address>', 'only emails to this address')
    .option('--channel <channel>', 'sms or email')
    .option('--account-id <id>', 'only messages for this account')
    .option('--purpose <purpose>', 'EnableRD, BindSecureMobilePhone or ChangeAccountEmail')
    .option('--url <url>', 'server URL (default $CANOPY_URL or http://127.0.0.1:8080)')
    .action(async (options) => {
      const query = new URLSearchParams();
      if (options.phone) query.set('phone', options.phone);
      if (options.email) query.set('email', options.email);
      if (options.channel) query.set('channel', options.channel);
      if (options.accountId) query.set('accountId', options.accountId);
      if (options.purpose) query.set('purpose', options.purpose);
      const suffix = query.size > 0 ? `?${query}` : '';
      print(await adminRequest(adminTarget(options), 'GET', `/_canopy/messages${suffix}`));
    });
}
