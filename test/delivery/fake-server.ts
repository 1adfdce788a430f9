import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** A loopback HTTP server on an ephemeral port, for fakes of SMS providers. */
export interface FakeServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

export type Handler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void | Promise<void>;

export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      Promise.resolve(handler(request, Buffer.concat(chunks), response)).catch((error: unknown) => {
        // A bug in a fake must show, not hang the test.
        console.error('fake server crashed', error);
        response.writeHead(599, { 'content-type': 'text/plain' }).end(`fake crashed: ${String(error)}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Scripted "hang" answers keep sockets open; end them instead of waiting for them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(body));
}

/** Single-valued, lower-case header map, the shape Canopy's protocol modules read. */
export function headerMap(request: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = Object.create(null);
  for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}
