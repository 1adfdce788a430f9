import { randomBytes } from 'node:crypto';
import type { SqlSession } from './session.js';

/** Settings that live with the data (the generated server secret, the emulator clock's offset). */
export async function getSetting(s: SqlSession, key: string): Promise<string | undefined> {
  return (await s.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))?.value;
}

export async function setSetting(s: SqlSession, key: string, value: string): Promise<void> {
  await s.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}

/**
 * The server secret kept in the database. Instances (or processes) that start together each offer
 * one; the first insert wins and all read it back.
 */
export async function storedSecret(s: SqlSession): Promise<string> {
  await s.run("INSERT INTO settings (key, value) VALUES ('server_secret', ?) ON CONFLICT (key) DO NOTHING", [
    randomBytes(32).toString('base64url'),
  ]);
  return (await getSetting(s, 'server_secret'))!;
}

/** The newest migration applied (0 before any): readiness compares it with the code's. */
export async function schemaVersion(s: SqlSession): Promise<number> {
  return Number((await s.get<{ v: number | string | null }>('SELECT MAX(version) AS v FROM schema_migrations'))?.v ?? 0);
}
