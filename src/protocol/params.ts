import { ApiError } from '../errors/api-error.js';
import { hasNonXmlCharacter } from './xml.js';

export interface ParamLimits {
  readonly maxParameters: number;
  readonly maxValueLength: number;
}

export type Params = Record<string, string>;

/**
 * Parameters that carry a control policy document: the API documents their own limit (4,096
 * characters, InvalidParameter.PolicyDocument.Length / InvalidParameter.NewPolicyDocument.Length),
 * answered by the Action, so the gateway lets them be four times the common limit.
 */
const DOCUMENT_PARAMETERS: ReadonlySet<string> = new Set(['PolicyDocument', 'NewPolicyDocument']);
const DOCUMENT_LENGTH_FACTOR = 4;

/** The longest value `name` may have. */
export const maxValueLength = (name: string, limits: ParamLimits) =>
  DOCUMENT_PARAMETERS.has(name) ? limits.maxValueLength * DOCUMENT_LENGTH_FACTOR : limits.maxValueLength;

/**
 * Decodes an `application/x-www-form-urlencoded` string (a query string or a form body) into
 * `target`. `+` means space. A name seen twice, here or earlier in `target`, is refused: the
 * signature covers one value per name, so a second one would be ambiguous.
 */
export function decodeInto(target: Params, encoded: string, limits: ParamLimits, count: { n: number }): void {
  if (encoded.length === 0) return;
  for (const pair of encoded.split('&')) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    if (name.length === 0) continue;
    if (++count.n > limits.maxParameters) throw new ApiError('InvalidParameter.TooMany', { args: [limits.maxParameters] });
    if (Object.hasOwn(target, name)) throw new ApiError('InvalidParameter.Duplicate', { args: [printable(name)] });
    const max = maxValueLength(name, limits);
    if (value.length > max) throw new ApiError('InvalidParameter.TooLong', { args: [printable(name), max] });
    target[name] = value;
  }
}

/**
 * Refuses a parameter whose name or value holds a character XML 1.0 cannot carry (control characters
 * but tab, LF and CR; U+FFFE, U+FFFF): no parameter of the API means one, an XML answer could not
 * echo it, and databases refuse NUL in text. Called once the Format is known, so the refusal is in
 * the Format asked for, and before the AccessKey is looked up: JSON and XML callers meet one rule.
 */
export function refuseNonXmlCharacters(params: Params): void {
  for (const [name, value] of Object.entries(params)) {
    if (hasNonXmlCharacter(name) || hasNonXmlCharacter(value)) throw new ApiError('InvalidParameter', { args: [printable(name)] });
  }
}

function decode(raw: string): string {
  const spaced = raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw new ApiError('InvalidParameter.Encoding');
  }
}

/** Parameter names are echoed in messages; keep them short and printable. */
function printable(name: string): string {
  const clean = name.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 64 ? `${clean.slice(0, 64)}...` : clean;
}
