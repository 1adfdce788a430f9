import type { CatalogEntry } from './entry.js';

/**
 * Refusals of an authorization check rather than of the operation's own rules. Alibaba Cloud's
 * gateway answers a RAM or control-policy refusal with NoPermission and an AccessDeniedDetail
 * (`PolicyType: ControlPolicy` for a control policy); the operations' metadata does not list it.
 */
export const access = {
  NoPermission: {
    status: 403,
    message: 'You are not authorized to do this action. You should be authorized by RAM.',
    origin: 'canopy',
  },
} as const satisfies Record<string, CatalogEntry>;
