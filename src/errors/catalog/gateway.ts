import type { CatalogEntry } from './entry.js';

/** The gateway: parameters, signatures, timestamps, versions (spec 9.8), and the request limits Canopy enforces (docs/errors.md). */
export const gateway = {
  MissingParameter: { status: 400, message: 'The input parameter "%s" that is mandatory for processing this request is not supplied.' },
  InvalidParameter: { status: 400, message: 'The specified parameter "%s" is not valid.' },
  'InvalidAccessKeyId.NotFound': { status: 404, message: 'Specified access key is not found.' },
  SignatureDoesNotMatch: { status: 400, message: '%s' },
  IncompleteSignature: { status: 400, message: 'The request signature does not conform to Aliyun standards.' },
  SignatureNonceUsed: { status: 400, message: 'Specified signature nonce was used already.' },
  'InvalidTimeStamp.Expired': { status: 400, message: 'Specified time stamp or date value is expired.' },
  'InvalidTimeStamp.Format': { status: 400, message: 'Specified time stamp or date value is not well formatted.' },
  'InvalidAction.NotFound': { status: 404, message: 'Specified api is not found, please check your url and method.' },
  InvalidVersion: { status: 400, message: 'Specified parameter Version is not valid.' },
  InternalError: { status: 500, message: 'The request processing has failed due to some unknown error, exception or failure.' },
  ServiceUnavailable: { status: 503, message: 'The request has failed due to a temporary failure of the server.' },

  // Request limits and encodings Canopy enforces (docs/errors.md)
  'InvalidParameter.Encoding': { status: 400, message: 'The request contains a malformed percent-encoded sequence.', origin: 'canopy' },
  'InvalidParameter.Duplicate': { status: 400, message: 'The parameter "%s" is specified more than once.', origin: 'canopy' },
  'InvalidParameter.TooMany': { status: 400, message: 'The request has more than %s parameters.', origin: 'canopy' },
  'InvalidParameter.TooLong': { status: 400, message: 'The value of parameter "%s" is longer than %s characters.', origin: 'canopy' },
  RequestEntityTooLarge: { status: 413, message: 'The request body is larger than %s bytes.', origin: 'canopy' },
  RequestHeaderFieldsTooLarge: {
    status: 431,
    message: 'The request line and headers are larger than the server accepts.',
    origin: 'canopy',
  },
  RequestTimeout: { status: 408, message: 'The request was not received in time.', origin: 'canopy' },
  MalformedRequest: { status: 400, message: 'The request is not valid HTTP.', origin: 'canopy' },
  'ServiceUnavailable.OutcomeUnknown': {
    status: 503,
    message:
      'The connection to the database was lost while the request was being committed: it may or may not have taken effect. ' +
      'Resend this very request (the same SignatureNonce) within the timestamp window: SignatureNonceUsed means it was committed.',
    origin: 'canopy',
  },
  'MalformedRequest.MissingHost': { status: 400, message: 'An HTTP/1.1 request must carry a Host header.', origin: 'canopy' },
  ExpectationFailed: {
    status: 417,
    message: 'The Expect header asks for something the server does not do; only "100-continue" is supported.',
    origin: 'canopy',
  },
  'InvalidSecurityToken.NotSupported': {
    status: 400,
    message: 'Security tokens (STS) and bearer tokens are not supported; sign the request with an AccessKey pair.',
    origin: 'canopy',
  },
} as const satisfies Record<string, CatalogEntry>;
