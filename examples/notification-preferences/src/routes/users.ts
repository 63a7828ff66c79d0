import { requireUser } from '../auth/require-user.js';
import type { SessionStore } from '../auth/sessions.js';
import { readJsonBody, sendJson } from '../http/json.js';
import type { Route } from '../http/router.js';
import type { UserRepository } from '../users/user-repository.js';

export interface UserRouteDependencies {
  sessions: SessionStore;
  users: UserRepository;
}

function parseDisplayName(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const displayName = (body as Record<string, unknown>).displayName;
  return typeof displayName === 'string' && displayName.trim().length > 0 && displayName.length <= 100
    ? displayName.trim()
    : undefined;
}

/** GET and PUT /users/me: the signed-in user's profile. */
export function userRoutes({ sessions, users }: UserRouteDependencies): Route[] {
  return [
    {
      method: 'GET',
      path: '/users/me',
      handler: async (request, response) => {
        const userId = await requireUser(request, response, sessions);
        if (userId === undefined) return;
        const user = await users.findById(userId);
        if (!user) return sendJson(response, 404, { error: 'user_not_found' });
        sendJson(response, 200, user);
      },
    },
    {
      method: 'PUT',
      path: '/users/me',
      handler: async (request, response) => {
        const userId = await requireUser(request, response, sessions);
        if (userId === undefined) return;
        const displayName = parseDisplayName(await readJsonBody(request));
        if (displayName === undefined) {
          return sendJson(response, 400, {
            error: 'invalid_body',
            message: 'expected { "displayName": a non-empty string of at most 100 characters }',
          });
        }
        const user = await users.updateDisplayName(userId, displayName);
        if (!user) return sendJson(response, 404, { error: 'user_not_found' });
        sendJson(response, 200, user);
      },
    },
  ];
}
