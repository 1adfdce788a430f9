import type { Command } from 'commander';
import { signV3 } from '../protocol/sign-request.js';
import { serverUrl } from './admin-client.js';
import { parseCallArgs } from './call-args.js';
import { callHelp, resolveCall } from './call-catalog.js';
import { CliError, EXIT, unreachable } from './exit.js';
import { print, stdoutMode } from './output.js';

export function registerCall(program: Command): void {
  program
    .command('call')
    .argument('[words...]')
    .description('call an RPC Action, V3-signed with ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (canopy call --help)')
    .usage('[options] <Action> [Name=Value | --Name value]...')
    // The words are read by parseCallArgs, which tells the command's options from API parameters.
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (words: string[]) => {
      const args = parseCallArgs(words);
      if (args.help) {
        process.stdout.write(callHelp(args.action));
        return;
      }
      if (args.action === undefined) throw new CliError('call: name an Action (canopy call --help lists them)', EXIT.usage);
      const { version, action } = resolveCall(args.action, args.apiVersion, args.params);
      const mode = stdoutMode(args.output);
      const accessKeyId = process.env['ALIBABA_CLOUD_ACCESS_KEY_ID'];
      const accessKeySecret = process.env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'];
      if (!accessKeyId || !accessKeySecret) {
        throw new CliError(
          'call: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (canopy accounts create prints a pair)',
          EXIT.usage,
        );
      }
      const base = new URL(serverUrl(args.endpoint));
      const { path, headers } = signV3({
        host: base.host,
        action: action.name,
        version,
        params: args.params,
        accessKeyId,
        accessKeySecret,
      });
      let response: Response;
      try {
        response = await fetch(new URL(path, base), { method: 'POST', headers });
      } catch (error) {
        throw unreachable(base.origin, error);
      }
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new CliError(
          `call: ${base.origin} answered ${response.status} with something other than JSON; is this a Canopy server?`,
          EXIT.refused,
        );
      }
      // An error answer is printed whole (Code, Message, RequestId), as JSON whatever the terminal.
      print(body, response.ok ? mode : { format: 'json', color: false });
      if (!response.ok) {
        process.exitCode = EXIT.refused;
        return;
      }
      const hint = newManagementAccountHint(action.name, args.params, body);
      if (hint) process.stderr.write(hint);
    });
}

/**
 * The keys that signed EnableResourceDirectory belong to the caller, not to the management account
 * it just created: say how to act as that account (the answer itself stays as the API has it).
 */
export function newManagementAccountHint(action: string, params: Readonly<Record<string, string>>, body: unknown): string | undefined {
  if (action !== 'EnableResourceDirectory' || params['EnableMode'] !== 'NewManagementAccount') return undefined;
  const id = (body as { ResourceDirectory?: { MasterAccountId?: string } }).ResourceDirectory?.MasterAccountId;
  if (!id) return undefined;
  return (
    `canopy: the new management account is ${id}; your keys still act as the account that called. To act as it:\n` +
    `  eval "$(canopy keys create --account ${id} --output env)"\n`
  );
}
