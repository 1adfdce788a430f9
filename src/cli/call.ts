import type { Command } from 'commander';
import { API_VERSIONS, isApiVersion } from '../actions/action.js';
import { registry } from '../actions/index.js';
import { signV3 } from '../protocol/sign-request.js';

export function registerCall(program: Command): void {
  program
    .command('call <action>')
    .description(
      'call an RPC action, V3-signed with ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET; ' +
        'pass parameters as --Name value; prints the JSON response',
    )
    .option('--endpoint <url>', 'server URL (default $CANOPY_URL or http://127.0.0.1:8080)')
    .option('--api-version <version>', `${API_VERSIONS.join(' or ')} (default: the first that has the action)`)
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption('-h, --help')
    .action(async (action: string, options: { endpoint?: string; apiVersion?: string }, command: Command) => {
      const version = options.apiVersion ?? API_VERSIONS.find((v) => registry.get(v)?.has(action)) ?? API_VERSIONS[0];
      if (!isApiVersion(version)) {
        process.stderr.write(`canopy call: --api-version must be one of ${API_VERSIONS.join(', ')}\n`);
        process.exit(2);
      }
      const accessKeyId = process.env['ALIBABA_CLOUD_ACCESS_KEY_ID'];
      const accessKeySecret = process.env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'];
      if (!accessKeyId || !accessKeySecret) {
        process.stderr.write('canopy call: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET\n');
        process.exit(2);
      }
      const params = actionParams(command.args.slice(1));
      const base = new URL(options.endpoint ?? process.env['CANOPY_URL'] ?? 'http://127.0.0.1:8080');
      const { path, headers } = signV3({ host: base.host, action, version, params, accessKeyId, accessKeySecret });
      const response = await fetch(new URL(path, base), { method: 'POST', headers });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: print as is
      }
      process.stdout.write(`${typeof body === 'string' ? body : JSON.stringify(body, null, 2)}\n`);
      if (!response.ok) process.exitCode = 1;
    });
}

const OWN_OPTIONS = ['--endpoint', '--api-version'];

/** `--Name value` and `--Name=value` pairs after the action name, the command's own options left out. */
export function actionParams(args: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (OWN_OPTIONS.includes(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('--') || OWN_OPTIONS.some((option) => arg.startsWith(`${option}=`))) continue;
    const eq = arg.indexOf('=');
    if (eq !== -1) params[arg.slice(2, eq)] = arg.slice(eq + 1);
    else params[arg.slice(2)] = args[++i] ?? '';
  }
  return params;
}
