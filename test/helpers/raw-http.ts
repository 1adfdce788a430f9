import { randomUUID } from 'node:crypto';
import { v1Sign, v1StringToSign } from '../../src/protocol/signature-v1.js';
import { connect, type Socket } from 'node:net';

/** An HTTP answer read off a bare socket. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: any;
}

/** Parses one HTTP/1.1 response with a content-length (what Canopy's envelopes carry). */
export function parseAnswer(text: string): RawAnswer {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) throw new Error(`no complete response head in ${JSON.stringify(text)}`);
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const raw = text.slice(end + 4);
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // not JSON: keep the text
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, body };
}

/**
 * A connection that sends `text` and keeps its side open, the way a slow or stalled client does.
 * `closed` resolves with everything the server sent once the server closes the connection.
 */
export interface HeldConnection {
  readonly socket: Socket;
  /** Resolves once the connection is established. */
  readonly connected: Promise<void>;
  readonly closed: Promise<string>;
  /** Resolves with everything received so far once it includes `marker`. */
  received(marker: string): Promise<string>;
}

export function holdConnection(port: number, text: string): HeldConnection {
  const socket = connect(port, '127.0.0.1');
  let out = '';
  const waiters: Array<() => void> = [];
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    out += chunk;
    for (const waiter of waiters.splice(0)) waiter();
  });
  // A refused or reset connection ends like a closed one; the caller looks at what arrived.
  socket.on('error', () => {});
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  void connected.then(() => socket.write(text));
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(out)));
  const received = (marker: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (out.includes(marker)) return resolve(out);
        if (socket.destroyed) return reject(new Error(`closed before ${JSON.stringify(marker)}; got ${JSON.stringify(out)}`));
        waiters.push(check);
      };
      socket.once('close', check);
      check();
    });
  return { socket, connected, closed, received };
}

/** Sends `text` on a new connection and resolves with the answer once the server closes the connection. */
export async function exchange(port: number, text: string): Promise<RawAnswer> {
  const held = holdConnection(port, text);
  return parseAnswer(await held.closed);
}

/** The query of a V1-signed GET as pop-core sends it (the only way to ask for `Format=XML`). */
export function v1SignedQuery(
  account: { readonly accessKeyId: string; readonly accessKeySecret: string },
  params: Readonly<Record<string, string>>,
): string {
  const signed: Record<string, string> = {
    Format: 'JSON',
    ...params,
    AccessKeyId: account.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  signed['Signature'] = v1Sign(v1StringToSign('GET', signed), account.accessKeySecret);
  return new URLSearchParams(signed).toString();
}
