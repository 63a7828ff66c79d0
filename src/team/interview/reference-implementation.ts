import type { ReferenceDomain } from './reference-domains.js';

/**
 * A small, correct service (plain JavaScript checked by TypeScript, tests on `node:test`, SQL
 * migrations) that the verification exercise seeds errors into. It needs no installed package:
 * a candidate runs its tests with `node --test`.
 */
export function referenceFiles(domain: ReferenceDomain): Record<string, string> {
  const { entity, entities, Entities, field, setting, maxLength, pageSize } = domain;
  const [firstValue, secondValue] = domain.settingValues;
  const columns = `id, owner_id, ${field}`;
  return {
    'SPEC.md': `# ${Entities} service

The service keeps each user's ${entities}. Every call acts for a signed-in user.

- \`get(user, id)\` answers 200 with the ${entity}; 404 when no ${entity} has that id; 403 when the ${entity} belongs to another user.
- \`list(user, page)\` answers 200 with the user's ${entities}, oldest first, ${pageSize} per page; page 1 is the first page; a page past the end is an empty list; a page that is not a positive integer is 400.
- \`create(user, ${field})\` answers 201 with the new ${entity}; 400 when the ${field} is empty or longer than ${maxLength} characters.
- \`saveSettings(user, ${camel(setting)})\` answers 200 with the saved settings; a user has one settings row, which a second save replaces.
`,
    'package.json': `${JSON.stringify(
      {
        name: `${entities}-service`,
        private: true,
        type: 'module',
        scripts: { test: 'node --test test/' },
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          allowJs: true,
          checkJs: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
    'migrations/001-init.sql': `CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE
);

CREATE TABLE ${entities} (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ${field} TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ${entities}_owner_id_idx ON ${entities} (owner_id);

CREATE TABLE ${entity}_settings (
  user_id TEXT NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
  ${setting} TEXT NOT NULL
);
`,
    'src/errors.js': `// @ts-check

/** An error that carries the HTTP status the caller answers with. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}
`,
    [`src/${entities}-repository.js`]: `// @ts-check

/** @typedef {{ query(text: string, params?: unknown[]): Promise<{ rows: any[] }> }} Database */

export const pageSize = ${pageSize};

/** Reads and writes ${entities} and their settings with parameterised SQL. */
export class ${Entities}Repository {
  /** @param {Database} database */
  constructor(database) {
    this.database = database;
  }

  /** @param {string} id */
  async findById(id) {
    const result = await this.database.query('SELECT ${columns} FROM ${entities} WHERE id = $1', [id]);
    return result.rows[0] ?? null;
  }

  /**
   * @param {string} ownerId
   * @param {number} page 1 for the first page
   */
  async listByOwner(ownerId, page) {
    const offset = (page - 1) * pageSize;
    const result = await this.database.query(
      'SELECT ${columns} FROM ${entities} WHERE owner_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3',
      [ownerId, pageSize, offset],
    );
    return result.rows;
  }

  /**
   * @param {string} ownerId
   * @param {string} ${field}
   */
  async insert(ownerId, ${field}) {
    const result = await this.database.query(
      'INSERT INTO ${entities} (id, owner_id, ${field}) VALUES (gen_random_uuid(), $1, $2) RETURNING ${columns}',
      [ownerId, ${field}],
    );
    return result.rows[0];
  }

  /**
   * @param {string} userId
   * @param {string} ${camel(setting)}
   */
  async saveSettings(userId, ${camel(setting)}) {
    const result = await this.database.query(
      'INSERT INTO ${entity}_settings (user_id, ${setting}) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET ${setting} = EXCLUDED.${setting} RETURNING user_id, ${setting}',
      [userId, ${camel(setting)}],
    );
    return result.rows[0];
  }
}
`,
    [`src/${entities}-service.js`]: `// @ts-check
import { HttpError } from './errors.js';
import { ${Entities}Repository } from './${entities}-repository.js';

export const max${capital(field)}Length = ${maxLength};

/** The ${entities} calls of the API, as SPEC.md describes them. */
export class ${Entities}Service {
  /** @param {${Entities}Repository} repository */
  constructor(repository) {
    this.repository = repository;
  }

  /**
   * @param {{ id: string }} user
   * @param {string} id
   */
  async get(user, id) {
    const ${entity} = await this.repository.findById(id);
    if (${entity} === null) throw new HttpError(404, '${entity} not found');
    if (${entity}.owner_id !== user.id) throw new HttpError(403, 'this ${entity} belongs to another user');
    return { status: 200, body: ${entity} };
  }

  /**
   * @param {{ id: string }} user
   * @param {number} page
   */
  async list(user, page) {
    if (!Number.isInteger(page) || page < 1) throw new HttpError(400, 'page must be a positive integer');
    const ${entities} = await this.repository.listByOwner(user.id, page);
    return { status: 200, body: ${entities} };
  }

  /**
   * @param {{ id: string }} user
   * @param {string} ${field}
   */
  async create(user, ${field}) {
    if (${field}.length === 0 || ${field}.length > max${capital(field)}Length) {
      throw new HttpError(400, '${field} must have 1 to ${maxLength} characters');
    }
    const ${entity} = await this.repository.insert(user.id, ${field});
    return { status: 201, body: ${entity} };
  }

  /**
   * @param {{ id: string }} user
   * @param {string} ${camel(setting)}
   */
  async saveSettings(user, ${camel(setting)}) {
    const settings = await this.repository.saveSettings(user.id, ${camel(setting)});
    return { status: 200, body: settings };
  }
}
`,
    'test/memory-database.js': memoryDatabase(domain),
    [`test/${entities}-service.test.js`]: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ${Entities}Repository } from '../src/${entities}-repository.js';
import { ${Entities}Service } from '../src/${entities}-service.js';
import { MemoryDatabase } from './memory-database.js';

const ada = { id: 'ada' };
const bob = { id: 'bob' };

function service() {
  const database = new MemoryDatabase();
  return { database, ${entities}: new ${Entities}Service(new ${Entities}Repository(database)) };
}

test('get answers 200 with the ${entity} to its owner', async () => {
  const { ${entities} } = service();
  const created = await ${entities}.create(ada, 'first');
  const answer = await ${entities}.get(ada, created.body.id);
  assert.equal(answer.status, 200);
  assert.equal(answer.body.${field}, 'first');
});

test('get answers 404 for an id no ${entity} has', async () => {
  const { ${entities} } = service();
  await assert.rejects(${entities}.get(ada, 'missing'), { status: 404 });
});

test('get answers 403 for the ${entity} of another user', async () => {
  const { ${entities} } = service();
  const created = await ${entities}.create(bob, 'private');
  await assert.rejects(${entities}.get(ada, created.body.id), { status: 403 });
});

test('list pages through the owner\\'s ${entities}, oldest first, without gaps or overlap', async () => {
  const { ${entities} } = service();
  for (let index = 0; index < ${pageSize + 3}; index++) await ${entities}.create(ada, \`item \${index}\`);
  await ${entities}.create(bob, 'not ada\\'s');
  const first = await ${entities}.list(ada, 1);
  const second = await ${entities}.list(ada, 2);
  assert.equal(first.body.length, ${pageSize});
  assert.equal(first.body[0].${field}, 'item 0');
  assert.deepEqual(
    second.body.map((row) => row.${field}),
    ['item ${pageSize}', 'item ${pageSize + 1}', 'item ${pageSize + 2}'],
  );
  assert.deepEqual((await ${entities}.list(ada, 3)).body, []);
});

test('list answers 400 for a page that is not a positive integer', async () => {
  const { ${entities} } = service();
  await assert.rejects(${entities}.list(ada, 0), { status: 400 });
});

test('create answers 201 with the new ${entity}', async () => {
  const { ${entities} } = service();
  const answer = await ${entities}.create(ada, 'hello');
  assert.equal(answer.status, 201);
  assert.equal(answer.body.owner_id, 'ada');
});

test('create answers 400 for an empty or too long ${field}', async () => {
  const { ${entities} } = service();
  await assert.rejects(${entities}.create(ada, ''), { status: 400 });
  await assert.rejects(${entities}.create(ada, 'x'.repeat(${maxLength + 1})), { status: 400 });
});

test('saveSettings answers 200 with the settings, and a second save replaces the first', async () => {
  const { database, ${entities} } = service();
  await ${entities}.saveSettings(ada, '${firstValue}');
  const answer = await ${entities}.saveSettings(ada, '${secondValue}');
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.body, { user_id: 'ada', ${setting}: '${secondValue}' });
  assert.equal(database.settings.size, 1);
});
`,
  };
}

/** The tests' stand-in for PostgreSQL: it answers exactly the statements the repository sends. */
function memoryDatabase(domain: ReferenceDomain): string {
  const { entity, entities, field, setting } = domain;
  const columns = `id, owner_id, ${field}`;
  return `/** Answers the repository's statements from memory; any other statement is an error. */
export class MemoryDatabase {
  constructor() {
    /** @type {{ id: string, owner_id: string, ${field}: string }[]} */
    this.rows = [];
    /** @type {Map<string, Record<string, string>>} */
    this.settings = new Map();
  }

  /**
   * @param {string} text
   * @param {unknown[]} [params]
   */
  async query(text, params = []) {
    const [first, second, third] = params;
    switch (text) {
      case 'SELECT ${columns} FROM ${entities} WHERE id = $1':
        return { rows: this.rows.filter((row) => row.id === first).map((row) => ({ ...row })) };
      case 'SELECT ${columns} FROM ${entities} WHERE owner_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3': {
        const owned = this.rows.filter((row) => row.owner_id === first);
        const offset = Number(third);
        return { rows: owned.slice(offset, offset + Number(second)).map((row) => ({ ...row })) };
      }
      case 'INSERT INTO ${entities} (id, owner_id, ${field}) VALUES (gen_random_uuid(), $1, $2) RETURNING ${columns}': {
        const row = { id: \`${entity}-\${this.rows.length + 1}\`, owner_id: String(first), ${field}: String(second) };
        this.rows.push(row);
        return { rows: [{ ...row }] };
      }
      case 'INSERT INTO ${entity}_settings (user_id, ${setting}) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET ${setting} = EXCLUDED.${setting} RETURNING user_id, ${setting}': {
        const row = { user_id: String(first), ${setting}: String(second) };
        this.settings.set(row.user_id, row);
        return { rows: [{ ...row }] };
      }
      default:
        throw new Error(\`MemoryDatabase does not know this statement: \${text}\`);
    }
  }
}
`;
}

export function camel(snake: string): string {
  return snake.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
