import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { NotificationClient, type NotificationMessage } from '../src/notifications/notification-client.js';
import { close, listen } from './http-server.js';

const message: NotificationMessage = {
  userId: 1,
  channel: 'email',
  category: 'security',
  subject: 'New sign-in',
  body: 'A new device signed in to your account.',
};

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(close));
});

async function serviceAnswering(status: number, body: string, received: unknown[] = []): Promise<string> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  servers.push(server);
  return listen(server);
}

function send(client: NotificationClient): Promise<{ queued: boolean; reason?: string }> {
  return new Promise((resolve, reject) =>
    client.send(message, (error, result) => (error || !result ? reject(error) : resolve(result))),
  );
}

describe('NotificationClient', () => {
  it('posts the message in the service’s snake_case shape and reports 202 as queued', async () => {
    const received: unknown[] = [];
    const client = new NotificationClient(await serviceAnswering(202, '{}', received));
    expect(await send(client)).toEqual({ queued: true });
    expect(received).toEqual([
      { user_id: 1, channel: 'email', category: 'security', subject: 'New sign-in', body: message.body },
    ]);
  });

  it('reports a refused channel (409) with its reason', async () => {
    const client = new NotificationClient(await serviceAnswering(409, '{"reason":"unsubscribed"}'));
    expect(await send(client)).toEqual({ queued: false, reason: 'unsubscribed' });
  });

  it('fails on any other status', async () => {
    const client = new NotificationClient(await serviceAnswering(500, ''));
    await expect(send(client)).rejects.toThrow('notification service answered 500');
  });
});
