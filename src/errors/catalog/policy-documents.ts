import type { CatalogEntry } from './entry.js';

/**
 * Control policy documents (CreateControlPolicy's PolicyDocument, UpdateControlPolicy's
 * NewPolicyDocument). The two length codes are documented, each for its own parameter, with their
 * own status and message. The API documents no code for a document that is not a valid policy, so
 * Canopy answers `MalformedPolicyDocument` (the code RAM-style services use for it) with the place
 * the document is wrong and what is wrong there (docs/errors.md).
 */
export const policyDocuments = {
  'InvalidParameter.PolicyDocument.Length': {
    status: 409,
    message: 'The maximum length of the policy document is exceeded. It must not exceed 4096 characters.',
  },
  'InvalidParameter.NewPolicyDocument.Length': {
    status: 400,
    message: 'Unable to save your policy. A policy contains a maximum of 4096 characters.',
  },
  MalformedPolicyDocument: {
    status: 400,
    message: 'The policy document is malformed: %s %s.',
    origin: 'canopy',
  },
} as const satisfies Record<string, CatalogEntry>;
