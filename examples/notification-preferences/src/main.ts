import pg from 'pg';
import type { SessionStore } from './auth/sessions.js';
import { createService } from './server.js';
import { createPostgresUserRepository } from './users/user-repository.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

const sessions: SessionStore = {
  async userIdForToken(token, now) {
    const result = await pool.query<{ user_id: number }>(
      'SELECT user_id FROM sessions WHERE token = $1 AND expires_at > $2',
      [token, now],
    );
    return result.rows[0]?.user_id;
  },
};

const port = Number(process.env.PORT ?? 3000);
createService({ sessions, users: createPostgresUserRepository(pool) }).listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${port}`);
});
