// stand-in: replaced by the policy-language branch
import { ApiError } from '../../errors/api-error.js';

/** The documented maximum length of a control policy document, in characters. */
export const MAX_POLICY_DOCUMENT_LENGTH = 4096;

export interface PolicyStatement {
  readonly [key: string]: unknown;
}

export interface PolicyDocument {
  readonly version: '1';
  readonly statements: readonly PolicyStatement[];
}

/**
 * A control policy document as given in `param` (PolicyDocument or NewPolicyDocument): at most 4096
 * characters (each parameter has its documented code), JSON with Version "1" and a Statement array.
 */
export function parsePolicyDocument(text: string, param: 'PolicyDocument' | 'NewPolicyDocument'): PolicyDocument {
  if ([...text].length > MAX_POLICY_DOCUMENT_LENGTH) throw new ApiError(`InvalidParameter.${param}.Length`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError('MalformedPolicyDocument', { args: ['$', 'is not JSON'] });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError('MalformedPolicyDocument', { args: ['$', 'is not an object'] });
  }
  const document = parsed as Record<string, unknown>;
  if (document['Version'] !== '1') throw new ApiError('MalformedPolicyDocument', { args: ['$.Version', 'must be "1"'] });
  const statements = document['Statement'];
  if (!Array.isArray(statements)) throw new ApiError('MalformedPolicyDocument', { args: ['$.Statement', 'must be an array'] });
  return { version: '1', statements: statements as PolicyStatement[] };
}
