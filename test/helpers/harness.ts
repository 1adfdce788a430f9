import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import RPCClient from '@alicloud/pop-core';
import OpenApi, { $OpenApiUtil, OpenApiUtil } from '@alicloud/openapi-core';
import ResourceManager, * as models from '@alicloud/resourcemanager20200331';
import { RuntimeOptions } from '@darabonba/typescript';
import { loadConfig } from '../../src/config/config.js';
import { dropSchema, freshSchema, testDatabaseUrl } from '../contracts/engines.js';
import { describe as describeError, type ErrorCode, type ErrorSite } from '../../src/errors/catalog.js';
import { createCanopy, type Canopy, type CanopyOptions } from '../../src/main.js';
import { signV3 } from '../../src/protocol/sign-request.js';

export { models };

export interface TestAccount {
  accountId: string;
  accountName: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface Harness {
  canopy: Canopy;
  url: string;
  port: number;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  createAccount(body?: Record<string, unknown>): Promise<TestAccount>;
  /** Newest code sent to this phone (and account, when given). */
  latestCode(phone: string, accountId?: string): Promise<string>;
  advanceClock(seconds: number): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts Canopy in-process on an ephemeral port with a throw-away store, unless env says otherwise;
 * `options` as createCanopy takes them (a logger writing to a test's stream).
 */
export async function startServer(env: Record<string, string> = {}, options: CanopyOptions = {}): Promise<Harness> {
  const config = loadConfig({ PORT: '0', CANOPY_STORE: 'memory', LOG_LEVEL: 'silent', ...env });
  const canopy = await createCanopy(config, options);
  const url = await canopy.listen();
  const port = Number(new URL(url).port);
  const adminHeaders: Record<string, string> = env['CANOPY_ADMIN_TOKEN'] ? { authorization: `Bearer ${env['CANOPY_ADMIN_TOKEN']}` } : {};

  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? adminHeaders : { ...adminHeaders, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  return {
    canopy,
    url,
    port,
    admin,
    async createAccount(body = {}) {
      const response = await admin('POST', '/_canopy/accounts', { securePhone: '1-2025550123', ...body });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body as TestAccount;
    },
    async latestCode(phone, accountId) {
      const query = new URLSearchParams({ phone, ...(accountId ? { accountId } : {}) });
      const response = await admin('GET', `/_canopy/messages?${query}`);
      const code = response.body.messages[0]?.code;
      assert.ok(code, `no code in the inbox for ${phone}`);
      return code;
    },
    async advanceClock(seconds) {
      const response = await admin('POST', '/_canopy/clock', { advanceSeconds: seconds });
      assert.equal(response.status, 200, JSON.stringify(response.body));
    },
    async reset() {
      assert.equal((await admin('POST', '/_canopy/reset')).status, 204);
    },
    close: () => canopy.close(),
  };
}

/** The engines a rule that must hold under concurrency is tried on; PostgreSQL when TEST_DATABASE_URL is set (CI sets it). */
export const RACE_ENGINES = ['sqlite', 'postgres'] as const;
export type RaceEngine = (typeof RACE_ENGINES)[number];

/**
 * Every store a server runs on, for rules whose SQL differs by engine: a SQLite file in a directory
 * of its own, the throw-away store (`CANOPY_STORE=memory`), PostgreSQL.
 */
export const SERVER_ENGINES = ['sqlite-file', 'memory', 'postgres'] as const;
export type ServerEngine = RaceEngine | (typeof SERVER_ENGINES)[number];

/** Why a test on `engine` cannot run here, or false. */
export const engineSkip = (engine: ServerEngine) => (engine === 'postgres' && !testDatabaseUrl ? 'TEST_DATABASE_URL is not set' : false);

/**
 * A server on SQLite (in memory for 'sqlite' and 'memory', a file in a fresh directory for
 * 'sqlite-file') or on a fresh PostgreSQL schema; `close` removes the directory or drops the schema.
 */
export async function startServerOn(engine: ServerEngine, env: Record<string, string> = {}): Promise<Harness> {
  if (engine === 'sqlite' || engine === 'memory') return startServer({ CANOPY_STORE: 'memory', ...env });
  if (engine === 'sqlite-file') {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-server-'));
    const harness = await startServer({ CANOPY_STORE: 'sqlite', CANOPY_DATA_DIR: dir, ...env });
    return {
      ...harness,
      async close() {
        await harness.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = freshSchema('canopy_race');
  const harness = await startServer({ DATABASE_URL: testDatabaseUrl!, CANOPY_DATABASE_SCHEMA: schema, CANOPY_STORE: '', ...env });
  return {
    ...harness,
    async close() {
      await harness.close();
      await dropSchema(testDatabaseUrl!, schema);
    },
  };
}

type RmClient = InstanceType<typeof ResourceManager.default>;

/** What the typed SDK and its generic core are configured with: Canopy's address, the key, the signature scheme. */
const coreConfig = (harness: Harness, account: TestAccount, scheme: 'V3' | 'V1') =>
  ({
    accessKeyId: account.accessKeyId,
    accessKeySecret: account.accessKeySecret,
    endpoint: `127.0.0.1:${harness.port}`,
    protocol: 'HTTP',
    // The SDK gives up after 3 s by default. Tests check outcomes, never latency: a burst of a few
    // hundred requests on a busy 2-core machine may take longer, and must still be counted exactly.
    readTimeout: 30_000,
    connectTimeout: 30_000,
    ...(scheme === 'V1' ? { signatureAlgorithm: 'v2' } : {}),
  }) as never;

/**
 * A V3-signed SendVerificationCodeForEnableRD by hand: the same bytes (same SignatureNonce) can be
 * sent twice, and the answer seen as it is.
 */
export function signedSendCode(harness: Pick<Harness, 'port'>, account: TestAccount, phone: string) {
  return signV3({
    host: `127.0.0.1:${harness.port}`,
    action: 'SendVerificationCodeForEnableRD',
    version: '2020-03-31',
    params: { SecureMobilePhone: phone },
    accessKeyId: account.accessKeyId,
    accessKeySecret: account.accessKeySecret,
  });
}

/** The official resourcemanager SDK: V3 signatures by default, V1 with `signatureAlgorithm: 'v2'`. */
export function sdkClient(harness: Harness, account: TestAccount, scheme: 'V3' | 'V1' = 'V3'): RmClient {
  return new ResourceManager.default(coreConfig(harness, account, scheme));
}

/** SendVerificationCodeForEnableRD through the official SDK, as a test's account sends it. */
export const sdkSendCode = (harness: Harness, account: TestAccount, phone: string) =>
  sdkClient(harness, account).sendVerificationCodeForEnableRD(
    new models.SendVerificationCodeForEnableRDRequest({ secureMobilePhone: phone }),
  );

/** `@alicloud/pop-core`, V1 signatures, parameters in a GET query or a POST form body. */
export function popClient(harness: Harness, account: TestAccount, method: 'GET' | 'POST') {
  const client = new RPCClient({
    accessKeyId: account.accessKeyId,
    accessKeySecret: account.accessKeySecret,
    endpoint: harness.url,
    apiVersion: '2020-03-31',
  });
  return {
    request: (action: string, params: Record<string, unknown> = {}) =>
      client.request(action, params, { method, timeout: 10_000 }) as Promise<Record<string, any>>,
  };
}

/**
 * The generic `callApi` of the core the typed SDK uses (V3 signature, parameters in the query, JSON
 * body), as generated SDKs do: `request` answers the parsed response body as the server sent it,
 * untouched by any SDK model, for either API version.
 */
export function apiClient(harness: Harness, account: TestAccount, version: '2020-03-31' | '2022-04-19', scheme: 'V3' | 'V1' = 'V3') {
  const client = new OpenApi.default(coreConfig(harness, account, scheme));
  return {
    async request(action: string, query: Record<string, unknown> = {}): Promise<Record<string, any>> {
      const params = new $OpenApiUtil.Params({
        action,
        version,
        protocol: 'HTTP',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      });
      const request = new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query(query) });
      const response = await client.callApi(params, request, new RuntimeOptions({}));
      return response['body'] as Record<string, any>;
    },
  };
}

/** ResourceDirectoryMaster 2022-04-19 has no typed Node SDK: its calls go through the generic client. */
export const rdmClient = (harness: Harness, account: TestAccount, scheme: 'V3' | 'V1' = 'V3') =>
  apiClient(harness, account, '2022-04-19', scheme);

export const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

/**
 * Asserts that `call` fails the way the API documents: HTTP status, Code, and a RequestId; and the
 * Message verbatim when one is given.
 */
export async function expectApiError(call: () => Promise<unknown>, status: number, code: string, message?: string): Promise<void> {
  await assert.rejects(call, (error: any) => {
    const actualStatus = error.statusCode ?? error.entry?.response?.statusCode;
    const requestId = error.data?.RequestId ?? error.requestId;
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    assert.equal(actualStatus, status, `status for ${code}`);
    assert.match(String(requestId), REQUEST_ID);
    if (message !== undefined) assert.equal(error.data?.Message, message, `message of ${code}`);
    return true;
  });
}

/**
 * Fails as the API documents `code` where it was answered (`at`: version and Action): the status
 * and Message the catalog gives there, placeholders filled with `args` (the catalog itself is
 * checked against the API metadata by test/catalog-conformance.test.ts), Code and RequestId.
 */
export function expectDocumentedError(call: () => Promise<unknown>, code: ErrorCode, at: ErrorSite, args: readonly string[] = []) {
  const { status, message } = describeError(code, at);
  let index = 0;
  return expectApiError(
    call,
    status,
    code,
    message.replace(/%s/g, () => args[index++] ?? ''),
  );
}

/** expectDocumentedError, where the test also names the status it expects: checked against the catalog's. */
export async function expectDocumentedStatus(
  call: () => Promise<unknown>,
  status: number,
  code: ErrorCode,
  at: ErrorSite,
  args: readonly string[] = [],
): Promise<void> {
  assert.equal(describeError(code, at).status, status, `${code} status in the catalog`);
  await expectDocumentedError(call, code, at, args);
}

/** A management account with its SDK client and its directory, enabled with InitResourceDirectory. */
export interface Manager {
  account: TestAccount;
  client: ReturnType<typeof sdkClient>;
  rdId: string;
  rootId: string;
}

/** A resource account the manager creates in Root; its account ID. */
export async function newResourceAccount(m: Pick<Manager, 'client'>, displayName: string): Promise<string> {
  return (await m.client.createResourceAccount(new models.CreateResourceAccountRequest({ displayName }))).body!.account!.accountId!;
}

export async function newManager(harness: Harness): Promise<Manager> {
  const account = await harness.createAccount();
  const client = sdkClient(harness, account);
  const rd = (await client.initResourceDirectory()).body!.resourceDirectory!;
  return { account, client, rdId: rd.resourceDirectoryId!, rootId: rd.rootFolderId! };
}
