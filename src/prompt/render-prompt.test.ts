import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatonError } from '../core/errors.js';
import { resolvePlanningSettings } from '../core/index.js';
import { createTemporaryProject, type TemporaryProject } from '../plan/__fixtures__/temporary-project.js';
import { loadValidPlan } from '../plan/index.js';
import { countTokens } from './count-tokens.js';
import { renderComponentPrompt } from './plan-prompts.js';

let project: TemporaryProject;

const plan = `feature:
  name: Orders
  description: Customers see their orders.
components:
  - id: orders-route
    title: GET /orders
    kind: api
    files: [src/routes/orders.ts, src/server.ts]
    acceptance:
      - criterion: lists the signed-in customer's orders
        test: test/orders.test.ts > lists orders
    edgeCases:
      - case: a customer with no orders
        expect: 200 with []
    prompt:
      context: A node:http service; routes live in src/routes and get their repositories as arguments.
      constraints: [No new dependencies.]
      qualityBar: [JSDoc on exported functions.]
`;

const longFile = Array.from(
  { length: 400 },
  (_, index) => `export const value${index} = ${index}; // a line of the big module`,
).join('\n');

beforeAll(() => {
  project = createTemporaryProject({
    'plan.yaml': plan,
    'package.json': JSON.stringify({
      type: 'module',
      dependencies: { pg: '^8.0.0', zod: '^4.0.0' },
      devDependencies: { vitest: '^4.0.0' },
    }),
    'node_modules/pg/package.json': JSON.stringify({ version: '8.16.3' }),
    'node_modules/zod/package.json': JSON.stringify({ version: '4.1.5' }),
    'tsconfig.base.json': '{ "compilerOptions": { "strict": true, "target": "ES2022" } }',
    'tsconfig.json':
      '{\n  // the app\n  "extends": "./tsconfig.base.json",\n  "compilerOptions": { "module": "NodeNext", "noUncheckedIndexedAccess": true, },\n}\n',
    'src/routes/users.ts': "import pg from 'pg';\nexport const users = pg;\n",
    'src/routes/z-last.ts': 'export const last = 1;\n',
    'src/server.ts':
      "import { users } from './routes/users.js';\nimport { big } from './big.js';\nexport const routes = [users, big];\n",
    'src/big.ts': `${longFile}\nexport const big = 1;\n`,
  });
});
afterAll(() => project.remove());

async function render(budget: number) {
  const settings = resolvePlanningSettings({});
  const { plan: loaded, files } = await loadValidPlan({
    file: 'plan.yaml',
    cwd: project.root,
    plan: settings.plan,
    triage: settings.triage,
  });
  return renderComponentPrompt(loaded, files, 'orders-route', budget);
}

describe('renderPrompt', async () => {
  it('gathers the repository context: files, a sibling as the pattern, imports, tsconfig, installed versions', async () => {
    const prompt = await render(8000);
    expect(prompt.text).toContain('- src/routes/orders.ts (new)\n- src/server.ts\n');
    expect(prompt.text).toContain('### Current content: src/server.ts');
    expect(prompt.text).toContain('### Pattern to follow: src/routes/users.ts');
    expect(prompt.text).toContain('### Imported by these files: src/big.ts');
    expect(prompt.text).toContain(
      '### TypeScript settings (tsconfig.json)\n- target: "ES2022"\n- module: "NodeNext"\n- strict: true\n- noUncheckedIndexedAccess: true',
    );
    expect(prompt.text).toContain('### Dependencies used by these files (installed versions)\n- pg 8.16.3\n');
    expect(prompt.text).toContain(
      '### Other dependencies (installed versions)\n- vitest ^4.0.0 (declared; not installed) (dev)\n- zod 4.1.5\n',
    );
    expect(prompt.text).toContain('## Edge cases\n- a customer with no orders: 200 with []');
    expect(prompt.tokens).toBe(countTokens(prompt.text));
  });

  it('gives the same bytes for the same inputs', async () => {
    expect((await render(2000)).text).toBe((await render(2000)).text);
  });

  it('honours the budget by cutting and dropping context, and reports what it did', async () => {
    for (const budget of [600, 900, 1500, 3000]) {
      const prompt = await render(budget);
      expect(countTokens(prompt.text)).toBe(prompt.tokens);
      expect(prompt.tokens).toBeLessThanOrEqual(budget);
    }
    const tight = await render(900);
    expect(tight.blocks.find((block) => block.label === 'Current content: src/server.ts')?.status).toBe(
      'included',
    );
    expect(tight.blocks.find((block) => block.label === 'Imported by these files: src/big.ts')?.status).toBe(
      'cut',
    );
    expect(tight.text).toMatch(/… \d+ more lines cut to fit the token budget/);
    expect(tight.blocks.filter((block) => block.status === 'dropped').map((block) => block.label)).toEqual([
      'Other dependencies (installed versions)',
      'Other files in these folders',
    ]);
  });

  it('refuses a budget too small for the task itself', async () => {
    try {
      await render(100);
      expect.unreachable();
    } catch (error) {
      expect(BatonError.isInstance(error) && error.code).toBe('PROMPT_BUDGET_EXCEEDED');
    }
  });
});
