/**
 * What XML 1.0's Char production leaves out: the C0 controls but tab, LF and CR, lone surrogates (with
 * `u`, a pair is one character and does not match), U+FFFE and U+FFFF. No character reference can
 * stand for them either, so a document holding one is not XML.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/u;

/** True when `text` holds a character no XML 1.0 document can carry. */
export const hasNonXmlCharacter = (text: string): boolean => NOT_XML.test(text);

/**
 * XML rendering for V1 `Format=XML`: children follow the JSON tree; an array repeats its element,
 * which gives both `<Accounts><Account/>...</Accounts>` and the plain `<Tags/><Tags/>` form. An
 * empty list is one empty element either way: `<Accounts></Accounts>` (the wrapper, with no item in
 * it) and `<Tags></Tags>`, so a reader never has to tell a missing list from an empty one.
 */
export function toXml(root: string, body: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?><${root}>${children(body)}</${root}>`;
}

function children(object: Record<string, unknown>): string {
  const entries = Object.entries(object);
  let out = '';
  for (const [key, value] of entries) {
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) out += element(key, value);
    else if (value.length > 0) for (const item of value) out += element(key, item);
    // The only content of a wrapper (`Accounts: {Account: []}`): the wrapper's element is the empty list.
    else if (entries.length > 1) out += `<${key}></${key}>`;
  }
  return out;
}

function element(name: string, value: unknown): string {
  if (value !== null && typeof value === 'object') return `<${name}>${children(value as Record<string, unknown>)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

const ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;', '\r': '&#13;' };
const TO_ESCAPE = new RegExp(`[<>&'"\r]|${NOT_XML.source}`, 'gu');

/**
 * Markup escaped, CR as a reference (a parser would read a bare one as LF), and what XML cannot carry
 * replaced by U+FFFD. Requests never bring such characters (params.ts refuses them); this keeps an
 * answer well-formed whatever else a value came from (the admin API, an injected error's arguments).
 */
function escapeXml(text: string): string {
  return text.replace(TO_ESCAPE, (c) => ESCAPES[c] ?? '\uFFFD');
}
