import { gateway } from './catalog/gateway.js';
import { enablement } from './catalog/enablement.js';
import { directory } from './catalog/directory.js';
import { folders } from './catalog/folders.js';
import { handshakes } from './catalog/handshakes.js';
import { members } from './catalog/members.js';
import { deletion } from './catalog/deletion.js';
import { phoneBinding } from './catalog/phone-binding.js';
import { notModelled } from './catalog/not-modelled.js';
import { emailChange } from './catalog/email-change.js';
import { billing } from './catalog/billing.js';
import { messageContacts } from './catalog/message-contacts.js';
import { tags } from './catalog/tags.js';
import { access } from './catalog/access.js';
import { policyDocuments } from './catalog/policy-documents.js';
import { delegation } from './catalog/delegation.js';
import { controlPolicies } from './catalog/control-policies.js';
import type { CatalogEntry } from './catalog/entry.js';

export type { CatalogEntry } from './catalog/entry.js';

/**
 * The one error catalog, one file per feature under ./catalog/: every code Canopy can answer with.
 * A code belongs to the feature that answers it first; one looked up twice would be a mistake, so
 * merging refuses a code that two files define.
 */
export function merge<P extends readonly Record<string, CatalogEntry>[]>(...parts: P): UnionToIntersection<P[number]> {
  const merged: Record<string, CatalogEntry> = {};
  for (const part of parts) {
    for (const [code, entry] of Object.entries(part)) {
      if (Object.hasOwn(merged, code)) throw new Error(`error code ${code} is defined twice in the catalog`);
      merged[code] = entry;
    }
  }
  return merged as UnionToIntersection<P[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (part: U) => void : never) extends (part: infer I) => void ? I : never;

/** Where an error is answered: the API version and Action of the request, when there is one. */
export interface ErrorSite {
  readonly version?: string;
  readonly action?: string;
}

/** The status and message (placeholders unfilled) of a code where it is answered. */
export function describe(code: ErrorCode, site: ErrorSite = {}): { status: number; message: string } {
  const entry: CatalogEntry = catalog[code];
  const variant =
    site.action === undefined ? undefined : (entry.variants?.[`${site.version}/${site.action}`] ?? entry.variants?.[site.action]);
  return { status: variant?.status ?? entry.status, message: variant?.message ?? entry.message };
}

export const catalog = merge(
  gateway,
  enablement,
  directory,
  folders,
  handshakes,
  members,
  deletion,
  phoneBinding,
  emailChange,
  billing,
  messageContacts,
  tags,
  access,
  policyDocuments,
  delegation,
  controlPolicies,
  notModelled,
);

export type ErrorCode = keyof typeof catalog;
