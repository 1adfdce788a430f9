import type { ServerProcess } from './server-process.js';

/** SIGTERM, and resolves with the exit code once the child is gone (null if a signal ended it). */
export function stopServer(server: ServerProcess): Promise<number | null> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}
