import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemorySessionStore } from '../src/auth/sessions.js';
import { createService } from '../src/server.js';
import { createInMemoryUserRepository } from '../src/users/user-repository.js';
import { close, listen } from './http-server.js';

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createService({
    sessions: createInMemorySessionStore([
      { token: 'ada-token', userId: 1, expiresAt: new Date('2999-01-01') },
      { token: 'expired-token', userId: 1, expiresAt: new Date('2000-01-01') },
    ]),
    users: createInMemoryUserRepository([{ id: 1, email: 'ada@example.com', displayName: 'Ada' }]),
  });
  baseUrl = await listen(server);
});

afterAll(() => close(server));

const authorized = { authorization: 'Bearer ada-token' };

describe('/users/me', () => {
  it('returns the signed-in user', async () => {
    const response = await fetch(`${baseUrl}/users/me`, { headers: authorized });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 1, email: 'ada@example.com', displayName: 'Ada' });
  });

  it('answers 401 without a valid session', async () => {
    expect((await fetch(`${baseUrl}/users/me`)).status).toBe(401);
    const expired = await fetch(`${baseUrl}/users/me`, {
      headers: { authorization: 'Bearer expired-token' },
    });
    expect(expired.status).toBe(401);
  });

  it('updates the display name', async () => {
    const response = await fetch(`${baseUrl}/users/me`, {
      method: 'PUT',
      headers: { ...authorized, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'Ada L.' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ displayName: 'Ada L.' });
  });

  it('rejects a null body and invalid JSON with 400', async () => {
    for (const body of ['null', '{not json']) {
      const response = await fetch(`${baseUrl}/users/me`, { method: 'PUT', headers: authorized, body });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_body' });
    }
  });
});
