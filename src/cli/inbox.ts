import type { Command } from 'commander';
import { addUrlOption, adminRequest, adminTarget } from './admin-client.js';
import { CliError, EXIT } from './exit.js';
import { addOutputOption, print, stdoutMode } from './output.js';

interface Message {
  readonly code?: string | null;
}

export function registerInbox(program: Command): void {
  const inbox = program
    .command('inbox')
    .description('show SMS and email messages, newest first (codes and links appear in emulator mode only)')
    .option('--phone <phone>', 'only SMS to this phone')
    .option('--email <address>', 'only emails to this address')
    .option('--channel <channel>', 'sms or email')
    .option('--account-id <id>', 'only messages for this account')
    .option('--purpose <purpose>', 'EnableRD, BindSecureMobilePhone or ChangeAccountEmail')
    .option('--latest', 'only the newest message')
    .option('--code-only', "print only the newest message's code (or email token), for scripts");
  addOutputOption(addUrlOption(inbox)).action(async (options) => {
    const mode = stdoutMode(options.output);
    const query = new URLSearchParams();
    if (options.phone) query.set('phone', options.phone);
    if (options.email) query.set('email', options.email);
    if (options.channel) query.set('channel', options.channel);
    if (options.accountId) query.set('accountId', options.accountId);
    if (options.purpose) query.set('purpose', options.purpose);
    if (options.latest || options.codeOnly) query.set('limit', '1');
    const suffix = query.size > 0 ? `?${query}` : '';
    const answer = (await adminRequest(adminTarget(options), 'GET', `/_canopy/messages${suffix}`)) as { messages: Message[] };
    if (!options.codeOnly) return print(answer, mode);
    const [latest] = answer.messages;
    if (!latest) throw new CliError('inbox: no message matches', EXIT.refused);
    if (!latest.code) throw new CliError('inbox: the message carries no code (codes are shown in emulator mode only)', EXIT.refused);
    process.stdout.write(`${latest.code}\n`);
  });
}
