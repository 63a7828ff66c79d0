import { BatonError } from '../core/errors.js';

/** Where a distributed queue lives: BullMQ's Redis backend or its PostgreSQL one. */
export type QueueLocation =
  | { backend: 'redis'; url: string; connection: RedisConnectionSettings }
  | { backend: 'postgres'; url: string; connectionString: string };

export interface RedisConnectionSettings {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: Record<string, never>;
}

/** The URL with its password replaced, for messages and logs. */
export function redactQueueUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

function invalid(url: string, why: string): BatonError {
  return new BatonError({
    code: 'QUEUE_URL_INVALID',
    message: `The queue URL "${redactQueueUrl(url)}" ${why}.`,
    hint: 'Give --queue (or run.queue) as redis://host:6379[/db], rediss://… or postgres://user@host:5432/database.',
    details: { url: redactQueueUrl(url) },
  });
}

/** Reads `--queue` / `run.queue`: the scheme picks the backend. */
export function parseQueueUrl(url: string): QueueLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(url, 'is not a URL');
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme === 'redis' || scheme === 'rediss') {
    const database = parsed.pathname.replace(/^\//, '');
    if (database !== '' && !/^\d+$/.test(database))
      throw invalid(url, 'names a Redis database that is not a number');
    const connection: RedisConnectionSettings = {
      host: parsed.hostname || '127.0.0.1',
      port: parsed.port ? Number(parsed.port) : 6379,
      db: database === '' ? 0 : Number(database),
      ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
      ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
      ...(scheme === 'rediss' ? { tls: {} } : {}),
    };
    return { backend: 'redis', url, connection };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    if (!parsed.hostname) throw invalid(url, 'names no host');
    return { backend: 'postgres', url, connectionString: url };
  }
  throw invalid(url, `has the scheme "${scheme}:", which is neither Redis nor PostgreSQL`);
}
