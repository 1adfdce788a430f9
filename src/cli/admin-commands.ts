import type { Command } from 'commander';
import { addUrlOption, adminRequest, adminTarget } from './admin-client.js';
import { CliError, EXIT } from './exit.js';
import { addOutputOption, outputMode, print, stdoutMode } from './output.js';

/** The admin API calls that needed curl: reset, the emulator clock, AccessKeys, trusted services, health. */
export function registerAdminCommands(program: Command): void {
  addUrlOption(
    program.command('reset').description('wipe every account, key, directory, code and message; clock back to real time (emulator)'),
  ).action(async (options) => {
    await adminRequest(adminTarget(options), 'POST', '/_canopy/reset');
    process.stderr.write('canopy: reset done\n');
  });

  const clock = addOutputOption(addUrlOption(program.command('clock').description('show the emulator clock (now and offset)'))).action(
    async (options) => print(await adminRequest(adminTarget(options), 'GET', '/_canopy/clock'), stdoutMode(options.output)),
  );
  addOutputOption(
    addUrlOption(clock.command('advance <seconds>').description('move the emulator clock forward: codes expire, quota days roll over')),
  ).action(async (seconds: string, own) => {
    // `clock --url X advance 60` and `clock advance 60 --url X`: commander gives the parent's options to the parent.
    const options = { ...clock.opts(), ...own };
    const mode = stdoutMode(options.output);
    if (!/^[1-9]\d{0,9}$/.test(seconds))
      throw new CliError(`clock advance: <seconds> must be a positive whole number, not ${seconds}`, EXIT.usage);
    print(await adminRequest(adminTarget(options), 'POST', '/_canopy/clock', { advanceSeconds: Number(seconds) }), mode);
  });

  const keys = program.command('keys').description("manage AccessKeys of any account, such as a new management account's");
  addUrlOption(
    keys
      .command('create')
      .description('create an AccessKey for an account (its root key, or a RAM user key with --ram-user)')
      .requiredOption('--account <id>', 'the account ID')
      .option('--ram-user <name>', 'create the key for this RAM user of the account')
      .option('-o, --output <format>', 'env (export lines for a shell), table or json (default: env on a terminal, json otherwise)'),
  ).action(async (options) => {
    const env = options.output === 'env' || (options.output === undefined && process.stdout.isTTY === true);
    const mode = outputMode(process.stdout.isTTY === true, process.env, env ? undefined : options.output);
    const body = options.ramUser === undefined ? undefined : { ramUser: options.ramUser };
    const path = `/_canopy/accounts/${encodeURIComponent(options.account)}/access-keys`;
    const key = (await adminRequest(adminTarget(options), 'POST', path, body)) as { accessKeyId: string; accessKeySecret: string };
    if (!env) return print(key, mode);
    process.stdout.write(
      `export ALIBABA_CLOUD_ACCESS_KEY_ID=${key.accessKeyId}\nexport ALIBABA_CLOUD_ACCESS_KEY_SECRET=${key.accessKeySecret}\n`,
    );
  });

  // Trusted services are turned on in each service's own console in Alibaba Cloud; this stands in for it.
  const trusted = program
    .command('trusted-services')
    .description('turn a trusted service on or off for a directory (ListTrustedServiceStatus)');
  for (const [verb, method] of [
    ['enable', 'POST'],
    ['disable', 'DELETE'],
  ] as const) {
    addOutputOption(
      addUrlOption(
        trusted
          .command(`${verb} <directoryId> <servicePrincipal>`)
          .description(
            `turn the service ${verb === 'enable' ? 'on' : 'off'} for the management account, or --account (a delegated administrator)`,
          )
          .option('--account <id>', 'a delegated administrator of the service instead of the management account'),
      ),
    ).action(async (directoryId: string, servicePrincipal: string, options) => {
      const base = `/_canopy/directories/${encodeURIComponent(directoryId)}/trusted-services`;
      const answer =
        method === 'POST'
          ? await adminRequest(adminTarget(options), method, base, {
              servicePrincipal,
              ...(options.account ? { accountId: options.account } : {}),
            })
          : await adminRequest(
              adminTarget(options),
              method,
              `${base}/${encodeURIComponent(servicePrincipal)}${options.account ? `?accountId=${encodeURIComponent(options.account)}` : ''}`,
            );
      if (method === 'POST') print(answer, stdoutMode(options.output));
      else process.stderr.write(`canopy: ${servicePrincipal} disabled\n`);
    });
  }

  addOutputOption(
    addUrlOption(program.command('health').description('show whether the server is alive and ready (exit 3 when not ready)')),
  ).action(async (options) => {
    const mode = stdoutMode(options.output);
    const target = adminTarget(options);
    const health = (await adminRequest(target, 'GET', '/_canopy/health')) as Record<string, unknown>;
    let readiness: { ready: boolean; reason?: string } = { ready: true };
    try {
      await adminRequest(target, 'GET', '/_canopy/ready');
    } catch (error) {
      if (!(error instanceof CliError) || error.exitCode !== EXIT.refused) throw error;
      readiness = { ready: false, reason: error.message };
    }
    print({ ...health, ...readiness }, mode);
    if (!readiness.ready) process.exitCode = EXIT.unreachable;
  });
}
