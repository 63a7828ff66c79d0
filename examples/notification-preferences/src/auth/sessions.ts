/** Finds the user a bearer token belongs to. */
export interface SessionStore {
  userIdForToken(token: string, now: Date): Promise<number | undefined>;
}

export interface SessionRecord {
  token: string;
  userId: number;
  expiresAt: Date;
}

/** Sessions kept in memory, for tests and local runs. */
export function createInMemorySessionStore(sessions: readonly SessionRecord[]): SessionStore {
  const byToken = new Map(sessions.map((session) => [session.token, session]));
  return {
    async userIdForToken(token, now) {
      const session = byToken.get(token);
      return session && session.expiresAt > now ? session.userId : undefined;
    },
  };
}
