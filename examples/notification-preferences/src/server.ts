import { createServer, type Server } from 'node:http';
import type { SessionStore } from './auth/sessions.js';
import { createRouter } from './http/router.js';
import { userRoutes } from './routes/users.js';
import type { UserRepository } from './users/user-repository.js';

export interface ServiceDependencies {
  sessions: SessionStore;
  users: UserRepository;
}

/** The HTTP server with every route; the caller decides where it listens. */
export function createService(dependencies: ServiceDependencies): Server {
  return createServer(createRouter([...userRoutes(dependencies)]));
}
