import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/json.js';
import type { SessionStore } from './sessions.js';

/**
 * The id of the signed-in user, from the `Authorization: Bearer <token>` header; sends 401 and returns
 * undefined when there is no valid session, so a handler can stop at once.
 */
export async function requireUser(
  request: IncomingMessage,
  response: ServerResponse,
  sessions: SessionStore,
): Promise<number | undefined> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const userId = match?.[1] ? await sessions.userIdForToken(match[1], new Date()) : undefined;
  if (userId === undefined) {
    sendJson(response, 401, { error: 'unauthenticated' });
    return undefined;
  }
  return userId;
}
