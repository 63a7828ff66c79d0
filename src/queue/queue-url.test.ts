import { describe, expect, it } from 'vitest';
import { BatonError } from '../core/errors.js';
import { parseQueueUrl, redactQueueUrl } from './queue-url.js';

describe('queue URLs', () => {
  it('reads Redis URLs with their database, user, password and TLS', () => {
    expect(parseQueueUrl('redis://queue.internal:6380/2')).toMatchObject({
      backend: 'redis',
      connection: { host: 'queue.internal', port: 6380, db: 2 },
    });
    expect(parseQueueUrl('rediss://baton:s%40cret@queue.internal')).toMatchObject({
      backend: 'redis',
      connection: {
        host: 'queue.internal',
        port: 6379,
        db: 0,
        username: 'baton',
        password: 's@cret',
        tls: {},
      },
    });
  });

  it('reads PostgreSQL URLs as BullMQ connection strings', () => {
    expect(parseQueueUrl('postgres://baton@db.internal:5432/baton')).toMatchObject({
      backend: 'postgres',
      connectionString: 'postgres://baton@db.internal:5432/baton',
    });
  });

  it('refuses what is not a queue URL, naming it without its password and saying what would do', () => {
    for (const url of ['amqp://user:hunter2@host/', 'redis://host/queue', 'not a url']) {
      const failure = (() => {
        try {
          parseQueueUrl(url);
        } catch (error) {
          return error;
        }
      })();
      expect(BatonError.isInstance(failure) && failure.code).toBe('QUEUE_URL_INVALID');
      expect((failure as BatonError).message).not.toContain('hunter2');
      expect((failure as BatonError).hint).toContain('redis://');
    }
    expect(redactQueueUrl('redis://:hunter2@host:6379')).toBe('redis://:***@host:6379');
  });
});
