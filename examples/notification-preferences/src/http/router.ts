import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidBodyError, sendJson } from './json.js';

export type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: Handler;
}

/** Dispatches on method and exact path; unknown paths get 404, known paths with another method 405. */
export function createRouter(routes: readonly Route[]): Handler {
  return async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const matching = routes.filter((route) => route.path === path);
    const route = matching.find((candidate) => candidate.method === request.method);
    if (!route) {
      if (matching.length > 0) sendJson(response, 405, { error: 'method_not_allowed' });
      else sendJson(response, 404, { error: 'not_found' });
      return;
    }
    try {
      await route.handler(request, response);
    } catch (error) {
      if (error instanceof InvalidBodyError) {
        sendJson(response, 400, { error: 'invalid_body', message: error.message });
        return;
      }
      console.error(error);
      sendJson(response, 500, { error: 'internal' });
    }
  };
}
