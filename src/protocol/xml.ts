/**
 * XML rendering for V1 `Format=XML`: children follow the JSON tree; an array repeats its element,
 * which gives both `<Accounts><Account/>...</Accounts>` and the plain `<Tags/><Tags/>` form.
 */
export function toXml(root: string, body: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?><${root}>${children(body)}</${root}>`;
}

function children(object: Record<string, unknown>): string {
  let out = '';
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) out += element(key, item);
    else out += element(key, value);
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
