import { describe, expect, it } from 'vitest';
import { createApiCheck } from './api/api-check.js';
import { type CheckContractOptions, describeCheckContract } from './check.contract.js';
import { type BuiltInCheckId, builtInCheckIds, createBuiltInChecks, selectChecks } from './checks.js';
import { createEdgeCasesCheck } from './edge-cases/edge-cases-check.js';
import { createPerformanceCheck } from './performance/performance-check.js';
import { createSecurityCheck } from './security/security-check.js';
import { createSqlCheck } from './sql/sql-check.js';
import { createTestsCheck } from './tests/tests-check.js';
import { createTypesCheck } from './types/types-check.js';

const manifest = JSON.stringify({
  name: 'app',
  type: 'module',
  dependencies: { zod: '*' },
  scripts: { test: 'node --test' },
});
const tsconfig = JSON.stringify({
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    strict: true,
    skipLibCheck: true,
    types: [],
  },
  include: ['src'],
});
const cleanProject = {
  'package.json': manifest,
  'tsconfig.json': tsconfig,
  'src/index.ts': "import { z } from 'zod';\nexport const schema = z.object({ name: z.string() });\n",
  'src/index.test.js': "import { test } from 'node:test';\ntest('passes', () => {});\n",
};

const securityCleanProject = {
  'package.json': JSON.stringify({ name: 'app', type: 'module', dependencies: { pg: '*' } }),
  'tsconfig.json': tsconfig.replace('"types":[]', '"types":["node"]'),
  'src/users.ts':
    "import type { Pool } from 'pg';\nexport async function findUser(pool: Pool, id: string) {\n  return pool.query('SELECT * FROM users WHERE id = $1', [id]);\n}\n",
};

// One entry per built-in check, so a new check cannot go without the shared contract.
const contracts: Record<BuiltInCheckId, CheckContractOptions> = {
  types: {
    create: createTypesCheck,
    cleanProject,
    problemProject: { ...cleanProject, 'src/index.ts': 'export const count: number = "three";\n' },
  },
  api: {
    create: createApiCheck,
    cleanProject,
    problemProject: {
      ...cleanProject,
      'src/index.ts': "import { zodd } from 'zod';\nexport const value = zodd;\n",
    },
  },
  tests: {
    create: createTestsCheck,
    cleanProject,
    problemProject: {
      ...cleanProject,
      'src/index.test.js':
        "import { test } from 'node:test';\nimport assert from 'node:assert';\ntest('fails', () => assert.equal(1, 2));\n",
    },
    settings: { testCommand: 'npm test' },
    skip: {
      'empty-project':
        'the settings name a test command, and a configured command that cannot run (no package.json) is reported, not passed over',
    },
  },
  performance: {
    create: createPerformanceCheck,
    cleanProject,
    problemProject: {
      ...cleanProject,
      'src/index.ts':
        "declare const db: { query(sql: string, values: unknown[]): Promise<unknown> };\nexport async function load(ids: number[]) {\n  for (const id of ids) await db.query('select 1 where $1', [id]);\n}\nexport const words = /^(\\w+\\s?)*$/;\n",
    },
  },
  'edge-cases': {
    create: createEdgeCasesCheck,
    // Fuzzing is off unless asked for (or a plan component is verified).
    settings: { fuzz: 'typed' },
    cleanProject,
    problemProject: {
      ...cleanProject,
      'src/index.ts':
        'export function initial(name: string): string {\n  return name[0]!.toUpperCase();\n}\n',
    },
  },
  security: {
    create: createSecurityCheck,
    cleanProject: securityCleanProject,
    problemProject: {
      ...securityCleanProject,
      'src/users.ts':
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture's source holds a template literal.
        "import type { Pool } from 'pg';\nexport async function findUser(pool: Pool, id: string) {\n  return pool.query(`SELECT * FROM users WHERE id = '${id}'`);\n}\n",
    },
  },
  sql: {
    create: createSqlCheck,
    cleanProject: {
      ...cleanProject,
      'migrations/001_users.sql': 'CREATE TABLE users (id SERIAL PRIMARY KEY);\n',
      'migrations/002_prefs.sql':
        'CREATE TABLE notification_preferences (\n  id SERIAL PRIMARY KEY,\n  user_id INTEGER NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE\n);\n',
    },
    problemProject: {
      ...cleanProject,
      'migrations/001_users.sql': 'CREATE TABLE users (id SERIAL PRIMARY KEY);\n',
      'migrations/002_prefs.sql':
        'CREATE TABLE notification_preferences (\n  id SERIAL PRIMARY KEY,\n  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE\n);\nCREATE INDEX ON notification_preferences (user_id);\n',
    },
  },
};

for (const id of builtInCheckIds) describeCheckContract(id, contracts[id]);

describe('selecting checks', () => {
  it('offers every built-in check by id, in order', () => {
    expect(createBuiltInChecks().map((check) => check.id)).toEqual([...builtInCheckIds]);
    expect(selectChecks(createBuiltInChecks(), ['tests', 'api']).map((check) => check.id)).toEqual([
      'api',
      'tests',
    ]);
  });

  it('names the closest check for an unknown id', () => {
    expect(() => selectChecks(createBuiltInChecks(), ['apj'])).toThrow(
      'Unknown check "apj". Did you mean "api"?',
    );
  });
});
