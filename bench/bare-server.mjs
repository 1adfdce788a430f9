// The baseline row: the cheapest useful HTTP server Node can run, answering a constant small JSON
// body shaped like Canopy's SendVerificationCodeForEnableRD reply. Whatever Canopy costs on top of
// this is Canopy's own work (framework, signature check, SQLite, logging).
// Plain .mjs on purpose: it runs under bare `node`, with no tsx loader in the measured process.
import { createServer } from 'node:http';

const body = Buffer.from(JSON.stringify({ RequestId: '6C6B99E5-3F8A-4C1B-9E2D-7A3B5C1D0E2F' }));
const headers = { 'content-type': 'application/json;charset=utf-8', 'content-length': String(body.length) };

const server = createServer((request, response) => {
  // Drain any body so keep-alive connections stay usable; the requests carry none anyway.
  request.resume();
  response.writeHead(200, headers);
  response.end(body);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  // The parent reads this one line to learn the port; nothing else is ever written to stdout.
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});

const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
