/** Tag rules the API documents for members and folders (TagResources, CreateResourceAccount Tag.N). */
export const MAX_TAGS_PER_RESOURCE = 20;
/** Tags one call may set or remove, and tag filters one listing may hold. */
export const MAX_TAGS_PER_CALL = 20;
export const MAX_RESOURCES_PER_CALL = 50;
export const MAX_TAG_LENGTH = 128;

const hasUrl = (text: string) => text.includes('http://') || text.includes('https://');

/** Why `key` cannot be a tag key (1-128 characters, not `aliyun…` or `acs:…`, no URL), or undefined when it can. */
export function tagKeyProblem(key: string): 'length' | 'reserved' | undefined {
  if (key.length === 0 || key.length > MAX_TAG_LENGTH) return 'length';
  if (key.startsWith('aliyun') || key.startsWith('acs:') || hasUrl(key)) return 'reserved';
  return undefined;
}

/** Why `value` cannot be a tag value (at most 128 characters, not `acs:…`, no URL), or undefined when it can. */
export function tagValueProblem(value: string): 'length' | 'reserved' | undefined {
  if (value.length > MAX_TAG_LENGTH) return 'length';
  if (value.startsWith('acs:') || hasUrl(value)) return 'reserved';
  return undefined;
}
