import type { Pool } from 'pg';

export interface User {
  id: number;
  email: string;
  displayName: string;
}

/** Reads and updates rows of the `users` table. */
export interface UserRepository {
  findById(id: number): Promise<User | undefined>;
  updateDisplayName(id: number, displayName: string): Promise<User | undefined>;
}

interface UserRow {
  id: number;
  email: string;
  display_name: string;
}

function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, displayName: row.display_name };
}

/** The repository over PostgreSQL; every query is parameterised. */
export function createPostgresUserRepository(pool: Pool): UserRepository {
  return {
    async findById(id) {
      const result = await pool.query<UserRow>('SELECT id, email, display_name FROM users WHERE id = $1', [
        id,
      ]);
      return result.rows[0] ? toUser(result.rows[0]) : undefined;
    },
    async updateDisplayName(id, displayName) {
      const result = await pool.query<UserRow>(
        'UPDATE users SET display_name = $2 WHERE id = $1 RETURNING id, email, display_name',
        [id, displayName],
      );
      return result.rows[0] ? toUser(result.rows[0]) : undefined;
    },
  };
}

/** The repository in memory, for tests. */
export function createInMemoryUserRepository(users: readonly User[]): UserRepository {
  const byId = new Map(users.map((user) => [user.id, { ...user }]));
  return {
    async findById(id) {
      const user = byId.get(id);
      return user ? { ...user } : undefined;
    },
    async updateDisplayName(id, displayName) {
      const user = byId.get(id);
      if (!user) return undefined;
      user.displayName = displayName;
      return { ...user };
    },
  };
}
