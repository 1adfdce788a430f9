import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { addUrlOption, adminRequest, adminTarget } from './admin-client.js';
import { CliError, EXIT } from './exit.js';
import { addOutputOption, stdoutMode } from './output.js';

interface Decided {
  readonly action: string;
  readonly decision: string;
  readonly decidedBy: readonly { policyId: string; policyName: string; target: { id: string; type: string }; statementIndex: number }[];
  readonly deniedAt?: { id: string; type: string };
}

interface SimulationAnswer {
  readonly results: readonly Decided[];
  readonly controlPolicyStatus: string;
  readonly enforced: boolean;
  readonly path: readonly { target: { id: string; type: string; name: string }; policies: { policyId: string; policyName: string }[] }[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `KEY=VALUE`, repeated keys becoming a list of values. */
function contextOf(pairs: readonly string[]): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--context: expected KEY=VALUE, not ${pair}`, EXIT.usage);
    const [key, value] = [pair.slice(0, at), pair.slice(at + 1)];
    const known = context[key];
    context[key] = known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value];
  }
  return context;
}

/** `canopy policy simulate`: the admin API's simulator, printed as one line per action with what decided it. */
export function registerPolicy(program: Command): void {
  const policy = program.command('policy').description('control policies: ask what they allow');
  addOutputOption(
    addUrlOption(
      policy
        .command('simulate')
        .description('would a RAM user of this member be allowed these actions, and which statement decided')
        .requiredOption('--account <id>', 'the member account')
        .requiredOption('--action <service:Action>', 'an action to ask about (repeat for several)', collect)
        .option('--resource <arn>', 'the resource ARN (default: any resource)')
        .option('--context <key=value>', 'a condition key, such as acs:SourceIp=10.0.0.1 (repeatable)', collect)
        .option('--with-target <id>', 'evaluate --with-document as if attached to this folder or account of the path')
        .option('--with-document <file>', "a policy document (JSON file, '-' for stdin) to try before attaching it"),
    ),
  ).action(async (options) => {
    if ((options.withTarget === undefined) !== (options.withDocument === undefined))
      throw new CliError('--with-target and --with-document go together', EXIT.usage);
    const body = {
      accountId: options.account,
      actions: options.action,
      ...(options.resource === undefined ? {} : { resource: options.resource }),
      ...(options.context === undefined ? {} : { context: contextOf(options.context) }),
      ...(options.withTarget === undefined
        ? {}
        : {
            with: { target: options.withTarget, document: readFileSync(options.withDocument === '-' ? 0 : options.withDocument, 'utf8') },
          }),
    };
    const answer = (await adminRequest(adminTarget(options), 'POST', '/_canopy/control-policies/simulate', body)) as SimulationAnswer;
    const mode = stdoutMode(options.output);
    if (mode.format === 'json') return void process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    process.stdout.write(readable(answer));
  });
}

/** What a person wants to see: each action's decision, why, and the path it was evaluated along. */
export function readable(answer: SimulationAnswer): string {
  const width = Math.max(...answer.results.map((r) => r.action.length));
  const lines = answer.results.map((r) => {
    const why =
      r.decision === 'ImplicitDeny'
        ? `no statement allows it at ${r.deniedAt?.type} ${r.deniedAt?.id}`
        : r.decidedBy
            .map((d) => `${d.policyName} (${d.policyId}) statement ${d.statementIndex} on ${d.target.type} ${d.target.id}`)
            .join('; ');
    return `${r.action.padEnd(width)}  ${r.decision.padEnd(12)}  ${why}`;
  });
  const path = answer.path.map(
    (l) => `  ${l.target.type} ${l.target.id} (${l.target.name}): ${l.policies.map((p) => p.policyName).join(', ') || 'none'}`,
  );
  const status = answer.enforced ? 'enforced' : `not enforced now: Control Policy is ${answer.controlPolicyStatus}`;
  return `${lines.join('\n')}\n\npath (${status}):\n${path.join('\n')}\n`;
}
