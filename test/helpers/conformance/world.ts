import assert from 'node:assert/strict';
import type { ApiVersion } from '../../../src/actions/action.js';
import { apiClient, type Harness, newManager, type TestAccount } from '../harness.js';
import { replayAsXml } from './xml-decode.js';

export type Body = Record<string, any>;

/** One call a scenario made through `World.call`: what the conformance check looks at (and replays as XML). */
export interface Exchange {
  readonly action: string;
  readonly caller: TestAccount;
  readonly params: Readonly<Record<string, string>>;
  readonly body: Body;
  /** The same request asked again at once as XML, when the world was told to (read-only Actions only). */
  readonly xml?: string;
}

/**
 * The directory every scenario starts from, built once per server and shared by both versions:
 *
 *   Root ─ Engineering ─ Web ─ member (a resource account tagged env=prod, team=web)
 *        └ joined (an invited cloud account that accepted)
 *   invitee: an outsider with a pending invitation
 *
 * Scenarios only read it, or change what no other scenario relies on; whatever they consume (a
 * handshake to accept, a folder to delete, a directory to destroy) comes from the factories.
 */
export interface Fixture {
  readonly harness: Harness;
  /** The management account's root AccessKey. */
  readonly manager: TestAccount;
  /** An AccessKey of a RAM user of the management account: only such a caller binds phones. */
  readonly operator: TestAccount;
  readonly rdId: string;
  readonly rootId: string;
  readonly folderId: string;
  readonly subfolderId: string;
  readonly memberId: string;
  readonly joined: TestAccount;
  readonly invitee: TestAccount;
  readonly handshakeId: string;
}

export const MEMBER_TAGS = { 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod', 'Tag.2.Key': 'team', 'Tag.2.Value': 'web' };
/** A phone for secure-phone bindings; the fixture accounts' own phone is the harness default. */
export const BIND_PHONE = '44-7911123456';

/** What a scenario gets: the fixture, the version under test, a recorded `call`, and factories for fresh state. */
export interface World extends Fixture {
  readonly version: ApiVersion;
  /** Calls an Action in the version under test (as the manager unless `as` says otherwise) and records the exchange. */
  call(action: string, params?: Record<string, string>, as?: TestAccount): Promise<Body>;
  /** A unique name for folders, display names and prefixes, so that scenarios never collide. */
  unique(prefix: string): string;
  /** A new resource account in the fixture directory (under Root unless a folder is given). */
  resourceAccount(parentFolderId?: string): Promise<string>;
  /** A new outsider with a pending invitation to the fixture directory. */
  invitation(): Promise<{ invitee: TestAccount; handshakeId: string }>;
  /** A new invited cloud account that has accepted: a member RemoveCloudAccount can remove. */
  joinedMember(): Promise<TestAccount>;
  /** A new account in no directory. */
  standalone(): Promise<TestAccount>;
  /** A new account that manages a directory of its own, empty but for Root. */
  ownDirectory(): Promise<TestAccount>;
  /** The newest code the inbox holds for this account and purpose. */
  code(accountId: string, purpose: 'EnableRD' | 'BindSecureMobilePhone'): Promise<string>;
}

/**
 * A call whose answer the check ignores, to set a scenario up. Always 2020-03-31: it has every
 * operation setting up needs, InitResourceDirectory included, which 2022-04-19 has not.
 */
const setup = (harness: Harness, as: TestAccount, action: string, params: Record<string, string> = {}) =>
  apiClient(harness, as, '2020-03-31').request(action, params);

export async function buildFixture(harness: Harness): Promise<Fixture> {
  const m = await newManager(harness);
  const manager = m.account;
  const key = await harness.admin('POST', `/_canopy/accounts/${manager.accountId}/access-keys`, { ramUser: 'conformance' });
  assert.equal(key.status, 201, JSON.stringify(key.body));
  const operator: TestAccount = { ...manager, accessKeyId: key.body.accessKeyId, accessKeySecret: key.body.accessKeySecret };
  const folder = async (name: string, parentId?: string): Promise<string> => {
    const created = await setup(harness, manager, 'CreateFolder', { FolderName: name, ...(parentId ? { ParentFolderId: parentId } : {}) });
    return created['Folder']['FolderId'];
  };
  const folderId = await folder('Engineering');
  const subfolderId = await folder('Web', folderId);
  const member = await setup(harness, manager, 'CreateResourceAccount', {
    DisplayName: 'Web Production',
    AccountNamePrefix: 'web-prod',
    ParentFolderId: subfolderId,
    ...MEMBER_TAGS,
  });
  const joined = await harness.createAccount({ enterpriseName: 'Joined Corp' });
  const invitation = await setup(harness, manager, 'InviteAccountToResourceDirectory', {
    TargetEntity: joined.accountId,
    TargetType: 'Account',
  });
  await setup(harness, joined, 'AcceptHandshake', { HandshakeId: invitation['Handshake']['HandshakeId'] });
  const invitee = await harness.createAccount({ enterpriseName: 'Invitee Corp' });
  const pending = await setup(harness, manager, 'InviteAccountToResourceDirectory', {
    TargetEntity: invitee.accountId,
    TargetType: 'Account',
    Note: 'Welcome aboard',
  });
  await setup(harness, manager, 'SetMemberDeletionPermission', { Status: 'Enabled' });
  return {
    harness,
    manager,
    operator,
    rdId: m.rdId,
    rootId: m.rootId,
    folderId,
    subfolderId,
    memberId: member['Account']['AccountId'],
    joined,
    invitee,
    handshakeId: pending['Handshake']['HandshakeId'],
  };
}

let counter = 0;

/**
 * The fixture seen from one version, recording every `call` into `exchanges`. Calls of the Actions
 * `alsoAsXml` names are asked again right away with `Format=XML`, before anything (the clock
 * included) can change the answer.
 */
export function worldFor(fixture: Fixture, version: ApiVersion, exchanges: Exchange[], alsoAsXml: (action: string) => boolean): World {
  const { harness, manager } = fixture;
  const unique = (prefix: string) => `${prefix}-${version.slice(0, 4)}-${++counter}`;
  const invitation = async () => {
    const invitee = await harness.createAccount();
    const handshake = await setup(harness, manager, 'InviteAccountToResourceDirectory', {
      TargetEntity: invitee.accountId,
      TargetType: 'Account',
    });
    return { invitee, handshakeId: handshake['Handshake']['HandshakeId'] as string };
  };
  return {
    ...fixture,
    version,
    async call(action, params = {}, as = manager) {
      const body = await apiClient(harness, as, version).request(action, params);
      const exchange: Exchange = { action, caller: as, params, body };
      exchanges.push(alsoAsXml(action) ? { ...exchange, xml: await replayAsXml(harness, version, exchange) } : exchange);
      return body;
    },
    unique,
    async resourceAccount(parentFolderId) {
      const created = await setup(harness, manager, 'CreateResourceAccount', {
        DisplayName: unique('Member'),
        ...(parentFolderId ? { ParentFolderId: parentFolderId } : {}),
      });
      return created['Account']['AccountId'];
    },
    invitation,
    async joinedMember() {
      const { invitee, handshakeId } = await invitation();
      await setup(harness, invitee, 'AcceptHandshake', { HandshakeId: handshakeId });
      return invitee;
    },
    standalone: () => harness.createAccount(),
    async ownDirectory() {
      const account = await harness.createAccount();
      await setup(harness, account, 'InitResourceDirectory');
      return account;
    },
    async code(accountId, purpose) {
      const response = await harness.admin('GET', `/_canopy/messages?${new URLSearchParams({ accountId, purpose })}`);
      const code = response.body.messages[0]?.code;
      assert.ok(code, `no ${purpose} code in the inbox for ${accountId}`);
      return code;
    },
  };
}
