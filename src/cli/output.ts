import type { Command } from 'commander';
import { CliError, EXIT } from './exit.js';

export type OutputFormat = 'table' | 'json';

export interface OutputMode {
  readonly format: OutputFormat;
  readonly color: boolean;
}

/**
 * Tables for a person at a terminal, JSON for a pipe or a script; `--output` decides when given.
 * Colours only on a terminal, and never with NO_COLOR set (https://no-color.org).
 */
export function outputMode(isTTY: boolean, env: Readonly<Record<string, string | undefined>>, option?: string): OutputMode {
  if (option !== undefined && option !== 'table' && option !== 'json') {
    throw new CliError(`--output: must be table or json, not ${option}`, EXIT.usage);
  }
  return { format: option ?? (isTTY ? 'table' : 'json'), color: isTTY && !env['NO_COLOR'] };
}

export const stdoutMode = (option?: string): OutputMode => outputMode(process.stdout.isTTY === true, process.env, option);

export function addOutputOption(command: Command): Command {
  return command.option('-o, --output <format>', 'table or json (default: table on a terminal, json otherwise)');
}

export function print(value: unknown, mode: OutputMode): void {
  process.stdout.write(mode.format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : render(value, mode.color));
}

type Row = Record<string, unknown>;
const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A list (the only array of objects in an answer, such as `accounts` or `Accounts.Account`) becomes
 * a table of its scalar fields; everything else becomes `key  value` lines, nested keys dotted.
 */
export function render(value: unknown, color = false): string {
  const lines = flatten(value);
  const list = findList(value);
  const scalars = lines.filter(([key]) => list === undefined || (list.path !== '' && !key.startsWith(`${list.path}.`)));
  const width = Math.max(0, ...scalars.map(([key]) => key.length));
  let text = scalars.map(([key, v]) => `${key.padEnd(width)}  ${v}\n`).join('');
  if (list) text += `${scalars.length > 0 ? '\n' : ''}${table(list.rows, color)}`;
  return text;
}

function table(rows: readonly Row[], color: boolean): string {
  if (rows.length === 0) return '(none)\n';
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row).filter((key) => !isRow(row[key]) && !Array.isArray(row[key]))))];
  const cells = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const header = line(columns);
  return `${color ? `\x1b[1m${header}\x1b[22m` : header}\n${cells.map((values) => `${line(values)}\n`).join('')}`;
}

const cell = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function flatten(value: unknown, prefix = ''): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((item, i) => flatten(item, `${prefix}${prefix ? '.' : ''}${i}`));
  if (isRow(value)) return Object.entries(value).flatMap(([key, v]) => flatten(v, `${prefix}${prefix ? '.' : ''}${key}`));
  return [[prefix || 'value', cell(value)]];
}

function findList(value: unknown, path = ''): { path: string; rows: Row[] } | undefined {
  if (Array.isArray(value)) return value.every(isRow) ? { path, rows: value } : undefined;
  if (!isRow(value)) return undefined;
  for (const [key, v] of Object.entries(value)) {
    const found = findList(v, `${path}${path ? '.' : ''}${key}`);
    if (found) return found;
  }
  return undefined;
}
