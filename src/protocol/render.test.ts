import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../errors/api-error.js';
import { renderError, renderSuccess } from './render.js';

const ID = '7A7C1E3D-0000-4000-8000-000000000001';

test('a success answer carries the content type of its format, and the RequestId first', () => {
  assert.deepEqual(renderSuccess(ID, 'GetThing', 'JSON', { Thing: { Id: 't-1' } }), {
    status: 200,
    headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': ID },
    body: `{"RequestId":"${ID}","Thing":{"Id":"t-1"}}`,
  });
  assert.deepEqual(renderSuccess(ID, 'GetThing', 'XML', { Thing: { Id: 't-1' } }), {
    status: 200,
    headers: { 'content-type': 'text/xml;charset=utf-8', 'x-acs-request-id': ID },
    body: `<?xml version="1.0" encoding="UTF-8"?><GetThingResponse><RequestId>${ID}</RequestId><Thing><Id>t-1</Id></Thing></GetThingResponse>`,
  });
});

test('an error answer says when to retry only when the error knows it', () => {
  const throttled = renderError(ID, 'host', 'JSON', new ApiError('Throttling.VerificationCode', { retryAfterMs: 42_000 }));
  assert.deepEqual(throttled.headers, {
    'content-type': 'application/json;charset=utf-8',
    'x-acs-request-id': ID,
    'x-acs-retry-after': '42000',
  });
  const plain = renderError(ID, 'host', 'XML', new ApiError('InvalidAction.NotFound'));
  assert.deepEqual(plain.headers, { 'content-type': 'text/xml;charset=utf-8', 'x-acs-request-id': ID });
  assert.match(plain.body, /^<\?xml version="1.0" encoding="UTF-8"\?><Error><RequestId>/);
});
