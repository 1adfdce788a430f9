import { CliError, EXIT } from './exit.js';

/**
 * The words after `canopy call`, told apart by one rule: lower-case options are the command's own
 * (`--url`/`--endpoint`, `--api-version`, `--output`, `--help`), API parameters start with an
 * upper-case letter, as every Action parameter does: `Name=Value`, `--Name value` or `--Name=value`.
 * After `--` every word is a parameter. A word the rule does not cover is refused, not guessed at.
 */
export interface CallArgs {
  readonly action: string | undefined;
  readonly help: boolean;
  readonly endpoint: string | undefined;
  readonly apiVersion: string | undefined;
  readonly output: string | undefined;
  readonly params: Readonly<Record<string, string>>;
}

const PARAM_NAME = /^[A-Z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;
const OWN: Readonly<Record<string, 'endpoint' | 'apiVersion' | 'output'>> = {
  '--url': 'endpoint',
  '--endpoint': 'endpoint',
  '--api-version': 'apiVersion',
  '--output': 'output',
  '-o': 'output',
};

const usage = (message: string) => new CliError(`call: ${message}`, EXIT.usage);

export function parseCallArgs(words: readonly string[]): CallArgs {
  const own: { endpoint?: string; apiVersion?: string; output?: string } = {};
  const params: Record<string, string> = {};
  let action: string | undefined;
  let help = false;
  let paramsOnly = false;
  const setParam = (name: string, value: string) => {
    if (!PARAM_NAME.test(name)) throw usage(`${name} is not a parameter name (they start with an upper-case letter, e.g. PageSize)`);
    if (name in params) throw usage(`${name} is given twice`);
    params[name] = value;
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--' && !paramsOnly) {
      paramsOnly = true;
      continue;
    }
    const eq = word.indexOf('=');
    if (word.startsWith('--') && /^--[A-Z]/.test(word)) {
      if (eq !== -1) {
        setParam(word.slice(2, eq), word.slice(eq + 1));
        continue;
      }
      const next = words[i + 1];
      // A flag without a value would take the next option as its value: refuse instead of guessing.
      if (next === undefined || next.startsWith('--')) throw usage(`${word} needs a value (write ${word} true or ${word.slice(2)}=true)`);
      setParam(word.slice(2), next);
      i++;
      continue;
    }
    if (!paramsOnly && (word === '-h' || word === '--help')) {
      help = true;
      continue;
    }
    const name = eq === -1 ? word : word.slice(0, eq);
    const option = paramsOnly ? undefined : OWN[name];
    if (option !== undefined) {
      const value = eq === -1 ? words[++i] : word.slice(eq + 1);
      if (value === undefined || value === '' || (eq === -1 && value.startsWith('-'))) throw usage(`${name} needs a value`);
      own[option] = value;
      continue;
    }
    if (word.startsWith('-'))
      throw usage(`unknown option ${name} (API parameters start with an upper-case letter; see canopy call --help)`);
    if (eq > 0) {
      setParam(name, word.slice(eq + 1));
      continue;
    }
    if (action === undefined && !paramsOnly) {
      action = word;
      continue;
    }
    throw usage(`unexpected argument ${word} (parameters are Name=Value)`);
  }
  return { action, help, endpoint: own.endpoint, apiVersion: own.apiVersion, output: own.output, params };
}
