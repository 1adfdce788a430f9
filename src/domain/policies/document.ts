// stand-in: replaced by the policy-language branch
import { ApiError } from '../../errors/api-error.js';

/** A control policy document; the policy-language branch gives statements their full shape. */
export interface PolicyDocument {
  readonly version: string;
  readonly statements: readonly unknown[];
}

/** The documented maximum length of a control policy document, in characters. */
export const maxDocumentLength = 4096;

/**
 * A document as given in `parameter`: at most 4,096 characters (UTF-16 code units; each parameter has
 * its documented code), JSON with Version "1" and a Statement array.
 */
export function parsePolicyDocument(text: string, parameter: 'PolicyDocument' | 'NewPolicyDocument'): PolicyDocument {
  if (text.length > maxDocumentLength) {
    throw new ApiError(
      parameter === 'PolicyDocument' ? 'InvalidParameter.PolicyDocument.Length' : 'InvalidParameter.NewPolicyDocument.Length',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError('MalformedPolicyDocument', { args: ['$', 'is not JSON'] });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ApiError('MalformedPolicyDocument', { args: ['$', 'is not an object'] });
  }
  const document = json as Record<string, unknown>;
  if (document['Version'] !== '1') throw new ApiError('MalformedPolicyDocument', { args: ['$.Version', 'must be "1"'] });
  const statements = document['Statement'];
  if (!Array.isArray(statements)) throw new ApiError('MalformedPolicyDocument', { args: ['$.Statement', 'must be an array'] });
  return { version: '1', statements };
}
