/** What replaces the text at one place: `text` for the next `length` characters of the statement. */
export interface Replacement {
  readonly text: string;
  readonly length: number;
}

/**
 * Copies a statement's text, asking `at` at each place outside quoted literals and identifiers
 * (which are copied as they are) what goes there: a replacement, or `undefined` to copy the character.
 */
export function rewriteOutsideQuotes(sql: string, at: (sql: string, i: number) => Replacement | undefined): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i]!;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      out += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      out += char;
      continue;
    }
    const replacement = at(sql, i);
    if (replacement === undefined) {
      out += char;
      continue;
    }
    out += replacement.text;
    i += replacement.length - 1;
  }
  return out;
}
