import pg from 'pg';
import { rewriteOutsideQuotes } from './sql-text.js';

const { escapeLiteral } = pg;

/**
 * A statement rebound to `$1..$n` with its values written in as quoted literals, so it can travel in
 * one simple-query string together with statements queued before it (BEGIN, a savepoint, writes
 * whose answer nobody waits for): one round trip instead of one each.
 *
 * Every value becomes a quoted literal, never a bare number: a quoted literal has PostgreSQL's
 * "unknown" type and is resolved from its context exactly as an untyped parameter is, which is how
 * pg sends parameters (numbers as their text, type unspecified). Undefined when a value cannot be
 * written safely this way (a type other than string, number or null; a NUL character, which would
 * end the string on the wire); the caller then sends the statement on its own, with parameters.
 */
export function inlined(text: string, values: readonly unknown[] | undefined): string | undefined {
  if (values === undefined || values.length === 0) return text;
  const literals: string[] = [];
  for (const value of values) {
    const literal = literalOf(value);
    if (literal === undefined) return undefined;
    literals.push(literal);
  }
  return rewriteOutsideQuotes(text, (sql, i) => {
    if (sql[i] !== '$' || !isDigit(sql[i + 1])) return undefined;
    let end = i + 1;
    while (isDigit(sql[end])) end++;
    const literal = literals[Number(sql.slice(i + 1, end)) - 1];
    return literal === undefined ? null : { text: literal, length: end - i };
  });
}

const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';

function literalOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return `'${String(value)}'`;
  if (typeof value === 'string' && !value.includes('\0')) return escapeLiteral(value);
  return undefined;
}
