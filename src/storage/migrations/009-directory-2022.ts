import type { Migration } from './migration.js';

export const directory2022: Migration = {
  version: 9,
  name: 'directory_2022',
  sql: () => `
    -- The account's security email, set once a change of its primary email is confirmed
    -- (ChangeAccountEmail); with the secure phone it is the "security information" that switching
    -- member types needs (UpdateAccount NewAccountType).
    ALTER TABLE accounts ADD COLUMN secure_email TEXT;

    -- The folder an invitee lands in when it accepts (2022-04-19 ParentFolderId); NULL: Root.
    ALTER TABLE handshakes ADD COLUMN parent_folder_id TEXT;

    -- The member's billing (settlement) account, set by CreateResourceAccount PayerAccountId and
    -- UpdatePayerForAccount; NULL: the member pays for itself. Canopy keeps no bills.
    ALTER TABLE members ADD COLUMN payer_account_id TEXT;
  `,
};
