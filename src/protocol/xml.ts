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

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}
