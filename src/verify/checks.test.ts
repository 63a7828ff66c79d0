import { describe, expect, it } from 'vitest';
import { createApiCheck } from './api/api-check.js';
import { describeCheckContract } from './check.contract.js';
import { builtInCheckIds, createBuiltInChecks, selectChecks } from './checks.js';
import { createEdgeCasesCheck } from './edge-cases/edge-cases-check.js';
import { createPerformanceCheck } from './performance/performance-check.js';
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

describeCheckContract('types', {
  create: createTypesCheck,
  cleanProject,
  problemProject: { ...cleanProject, 'src/index.ts': 'export const count: number = "three";\n' },
});

describeCheckContract('api', {
  create: createApiCheck,
  cleanProject,
  problemProject: {
    ...cleanProject,
    'src/index.ts': "import { zodd } from 'zod';\nexport const value = zodd;\n",
  },
});

describeCheckContract('tests', {
  create: createTestsCheck,
  cleanProject,
  problemProject: {
    ...cleanProject,
    'src/index.test.js':
      "import { test } from 'node:test';\nimport assert from 'node:assert';\ntest('fails', () => assert.equal(1, 2));\n",
  },
  settings: { testCommand: 'npm test' },
});

describeCheckContract('performance', {
  create: createPerformanceCheck,
  cleanProject,
  problemProject: {
    ...cleanProject,
    'src/index.ts':
      "declare const db: { query(sql: string, values: unknown[]): Promise<unknown> };\nexport async function load(ids: number[]) {\n  for (const id of ids) await db.query('select 1 where $1', [id]);\n}\nexport const words = /^(\\w+\\s?)*$/;\n",
  },
});

describeCheckContract('edge-cases', {
  create: createEdgeCasesCheck,
  // Fuzzing is off unless asked for (or a plan component is verified).
  settings: { fuzz: 'typed' },
  cleanProject,
  problemProject: {
    ...cleanProject,
    'src/index.ts': 'export function initial(name: string): string {\n  return name[0]!.toUpperCase();\n}\n',
  },
});

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
