import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type Harness } from '../helpers/harness.js';
import { idFrom, isExpectedErrors, notFoundError, WrappedError } from '../helpers/terraform-errors.js';
import { ResourceData } from '../helpers/terraform-sdk.js';
import { describe as describeCall, MINUTE, type Provider, rpcWithRetry, describeOrDrop } from '../helpers/terraform-services.js';
import { managedDirectory } from './setup.js';

/**
 * alicloud_resource_manager_message_contact, replayed from
 * alicloud/resource_alicloud_resource_manager_message_contact.go: resourceAliCloudResourceManagerMessageContactCreate,
 * …Read, …Update, …Delete (import: passthrough, then Read), over service_alicloud_resource_manager_v2.go:
 * DescribeResourceManagerMessageContact. Every call is RDM (2022-04-19) with NeedRetry only.
 */

const SCHEMA = {
  email_address: 'string',
  message_contact_name: 'string',
  message_types: 'list',
  phone_number: 'string',
  title: 'string',
  create_time: 'string?',
  status: 'string?',
} as const;

const rdm = (p: Provider, action: string, body: Record<string, unknown>, timeoutMs = 5 * MINUTE) =>
  rpcWithRetry(p, { product: 'ResourceDirectoryMaster', action, body, timeoutMs });

/** DescribeResourceManagerMessageContact: GetMessageContact, EntityNotExists.Contact is NotFound, `$.Contact` must be a map. */
const describeContact = (p: Provider, id: string) =>
  describeCall(
    p,
    { product: 'ResourceDirectoryMaster', action: 'GetMessageContact', body: { ContactId: id }, timeoutMs: MINUTE },
    { codes: ['EntityNotExists.Contact'], resource: 'MessageContact', id },
    '$.Contact',
  );

async function create(p: Provider, d: ResourceData): Promise<void> {
  const body: Record<string, unknown> = { EmailAddress: d.get('email_address'), Name: d.get('message_contact_name') };
  const [phone, hasPhone] = d.getOk('phone_number');
  if (hasPhone) body['PhoneNumber'] = phone;
  const [types, hasTypes] = d.getOk('message_types');
  if (hasTypes) body['MessageTypes'] = types;
  body['Title'] = d.get('title');
  const response = await rdm(p, 'AddMessageContact', body).catch((err) => {
    throw new WrappedError('AddMessageContact', err);
  });
  d.id = idFrom('$.Contact.ContactId', response);
  d.isNew = true;
  await update(p, d);
}

async function read(p: Provider, d: ResourceData): Promise<void> {
  const object = await describeOrDrop(d, () => describeContact(p, d.id));
  if (object === undefined) return;
  d.setAttr('create_time', object['CreateDate']);
  d.setAttr('email_address', object['EmailAddress']);
  d.setAttr('message_contact_name', object['Name']);
  d.setAttr('phone_number', object['PhoneNumber']);
  d.setAttr('status', object['Status']);
  d.setAttr('title', object['Title']);
  d.setAttr('message_types', object['MessageTypes'] ?? []);
}

/** One UpdateMessageContact when anything changed: EmailAddress, Name, Title and MessageTypes always, PhoneNumber only when it changed. */
async function update(p: Provider, d: ResourceData): Promise<void> {
  let changed = false;
  const body: Record<string, unknown> = { ContactId: d.id };
  if (!d.isNew && d.hasChange('email_address')) changed = true;
  body['EmailAddress'] = d.get('email_address');
  if (!d.isNew && d.hasChange('message_contact_name')) changed = true;
  body['Name'] = d.get('message_contact_name');
  if (!d.isNew && d.hasChange('phone_number')) {
    changed = true;
    body['PhoneNumber'] = d.get('phone_number');
  }
  if (!d.isNew && d.hasChange('message_types')) changed = true;
  const [types, hasTypes] = d.getOk('message_types');
  if (hasTypes || d.hasChange('message_types')) body['MessageTypes'] = types;
  if (!d.isNew && d.hasChange('title')) changed = true;
  body['Title'] = d.get('title');
  if (changed) {
    await rdm(p, 'UpdateMessageContact', body).catch((err) => {
      throw new WrappedError('UpdateMessageContact', err);
    });
  }
  await read(p, d);
}

async function destroy(p: Provider, d: ResourceData): Promise<void> {
  try {
    await rdm(p, 'DeleteMessageContact', { ContactId: d.id });
  } catch (err) {
    if (isExpectedErrors(err, ['EntityNotExists.Contact']) || notFoundError(err)) return;
    throw new WrappedError('DeleteMessageContact', err);
  }
}

describe('terraform: alicloud_resource_manager_message_contact', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness.close());

  test('create, refresh, update each attribute (the phone added, changed and removed), import, destroy, refresh when gone', async () => {
    const { p } = await managedDirectory(harness);
    const config = {
      email_address: 'sre@example.com',
      message_contact_name: 'Oncall',
      message_types: ['ServiceMessage', 'FaultMessage'],
      title: 'TechnicalDirector',
    };
    const d = new ResourceData(SCHEMA, {}, config);
    await create(p, d);
    assert.deepEqual(p.client.sequence(), ['RDM AddMessageContact', 'RDM GetMessageContact']);
    assert.deepEqual(
      Object.keys(p.client.calls[0]!.body).sort(),
      ['EmailAddress', 'MessageTypes.1', 'MessageTypes.2', 'Name', 'Title'],
      'no PhoneNumber when unset',
    );
    let { id, state } = d.result();
    assert.equal(state['status'], 'Verifying');
    assert.match(String(state['create_time']), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.deepEqual(new ResourceData(SCHEMA, state, config, id).changes(), [], 'the plan after create is empty');

    const steps: Record<string, unknown>[] = [
      { ...config, title: 'CEO' },
      { ...config, title: 'CEO', message_types: ['SecurityMessage'] },
      { ...config, title: 'CEO', message_types: ['SecurityMessage'], message_contact_name: 'Primary' },
      {
        ...config,
        title: 'CEO',
        message_types: ['SecurityMessage'],
        message_contact_name: 'Primary',
        email_address: 'primary@example.com',
      },
      { ...config, title: 'CEO', message_types: ['SecurityMessage'], message_contact_name: 'Primary', phone_number: '86-13800138000' },
      { ...config, title: 'CEO', message_types: ['SecurityMessage'], message_contact_name: 'Primary', phone_number: '86-13900139000' },
      { ...config, title: 'CEO', message_types: ['SecurityMessage'], message_contact_name: 'Primary' },
    ];
    for (const step of steps) {
      const before = p.client.calls.length;
      const u = new ResourceData(SCHEMA, state, step, id);
      await update(p, u);
      assert.deepEqual(p.client.sequence().slice(before), ['RDM UpdateMessageContact', 'RDM GetMessageContact']);
      ({ id, state } = u.result());
      assert.deepEqual(new ResourceData(SCHEMA, state, step, id).changes(), [], `the plan after ${JSON.stringify(step)} is empty`);
    }
    assert.equal(state['phone_number'], '', 'removing phone_number sends PhoneNumber="" and reads back empty');

    const imported = ResourceData.refresh(SCHEMA, id);
    await read(p, imported);
    assert.deepEqual(imported.result().state, state);

    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    const gone = ResourceData.refresh(SCHEMA, id, state);
    await read(p, gone);
    assert.equal(gone.id, '');
    assert.equal(p.client.calls.at(-1)?.code, 'EntityNotExists.Contact');
    await destroy(p, ResourceData.refresh(SCHEMA, id, state));
    assert.equal(p.client.calls.at(-1)?.code, 'EntityNotExists.Contact', 'a second destroy is a no-op');
  });

  test('ServiceUnavailable (NeedRetry) on every call is retried until it passes', async () => {
    const { p } = await managedDirectory(harness);
    for (const action of ['AddMessageContact', 'GetMessageContact', 'UpdateMessageContact', 'DeleteMessageContact']) {
      await harness.admin('POST', '/_canopy/faults', { action, code: 'ServiceUnavailable', times: 1 });
    }
    const config = { email_address: 'retry@example.com', message_contact_name: 'Retry', message_types: ['ProductMessage'], title: 'Other' };
    const d = new ResourceData(SCHEMA, {}, config);
    await create(p, d);
    const u = new ResourceData(SCHEMA, d.result().state, { ...config, title: 'CEO' }, d.id);
    await update(p, u);
    await destroy(p, ResourceData.refresh(SCHEMA, u.id, u.result().state));
    assert.deepEqual(
      p.client.calls.filter((c) => c.code === 'ServiceUnavailable').map((c) => c.action),
      ['AddMessageContact', 'GetMessageContact', 'UpdateMessageContact', 'DeleteMessageContact'],
    );
  });
});
