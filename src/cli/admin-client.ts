/** Small client for the admin API, used by the CLI commands that talk to a running server. */
export interface AdminTarget {
  readonly url: string;
  readonly token: string | undefined;
}

export function adminTarget(options: { url?: string }): AdminTarget {
  return {
    url: (options.url ?? process.env['CANOPY_URL'] ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    token: process.env['CANOPY_ADMIN_TOKEN'] || undefined,
  };
}

export async function adminRequest(target: AdminTarget, method: string, path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (target.token) headers['authorization'] = `Bearer ${target.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${target.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : {};
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${parsed.message ?? text}`);
  }
  return parsed;
}

export function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
