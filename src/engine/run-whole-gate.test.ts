import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/load.js';
import { openSqliteLedger } from '../ledger/sqlite-store.js';
import { createLedgerRecorder } from '../providers/ledger-recorder.js';
import { createRedactor } from '../providers/redact.js';
import { withReliability } from '../providers/reliable-provider.js';
import { createScriptedProvider } from '../testing/scripted-provider.js';
import { createRunProject } from './__fixtures__/run-project.js';
import { runPlan } from './run-plan.js';
import type { AttemptEvidence } from './run-state.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const plan = `version: 1
feature:
  name: Books
  description: Look books up by title.
components:
  - id: books-endpoint
    title: GET /books
    kind: api
    files: [src/books.ts]
    estimateHours: 1
    prompt:
      context: A Hono route GET /books that returns the books whose title is the query's title.
    acceptance:
      - criterion: GET /books?title=Emma answers the matching books as JSON
        command: npx tsc --noEmit -p tsconfig.json
`;

const route = (query: string) => `\`\`\`ts src/books.ts
import { Hono } from 'hono';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

/** The books routes. */
export const books = new Hono();

books.get('/books', async (c) => {
  const title = c.req.query('title') ?? '';
  ${query}
  return c.json(result.rows);
});
\`\`\`
`;

const concatenated = route(
  'const result = await pool.query("SELECT * FROM book WHERE title = \'" + title + "\'");',
);
const parameterised = route(
  "const result = await pool.query('SELECT * FROM book WHERE title = $1', [title]);",
);

async function runWith(answer: string, config: Record<string, unknown> = {}) {
  const project = createRunProject(plan, {
    'package.json': `${JSON.stringify(
      {
        name: 'books',
        version: '1.0.0',
        type: 'module',
        private: true,
        dependencies: { hono: '*', pg: '*' },
        devDependencies: { '@types/node': '*', '@types/pg': '*' },
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `${JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
      },
      include: ['src'],
    })}\n`,
    'baton.config.json': `${JSON.stringify(config)}\n`,
  });
  cleanups.push(() => project.remove());
  // Baton's own installed packages stand in for the project's (hono, pg and their types).
  symlinkSync(
    join(import.meta.dirname, '..', '..', 'node_modules'),
    join(project.root, 'node_modules'),
    'dir',
  );
  const loaded = await loadConfig({ cwd: project.root, env: {} });
  if (loaded.ledger.kind !== 'sqlite') throw new Error('expected a SQLite ledger');
  const ledger = await openSqliteLedger({ path: loaded.ledger.path });
  cleanups.push(() => ledger.close());
  const provider = withReliability(createScriptedProvider([answer], { id: 'compatible:scripted' }), {
    observers: [createLedgerRecorder({ ledger, redactor: createRedactor({}) })],
  });
  const result = await runPlan({
    config: loaded,
    ledger,
    provider,
    secrets: createRedactor({}),
    planFile: project.planFile,
    maxAttempts: 1,
  });
  const component = await ledger.db.selectFrom('components').selectAll().executeTakeFirstOrThrow();
  const attempt = await ledger.db.selectFrom('attempts').selectAll().executeTakeFirstOrThrow();
  const findings = await ledger.db.selectFrom('findings').selectAll().execute();
  const evidence = JSON.parse(attempt.evidence ?? 'null') as AttemptEvidence;
  return { result, component, findings, evidence };
}

describe('the gate of an orchestrate component', () => {
  it('runs security on the code it wrote: SQL built from the query string is not accepted', {
    timeout: 180_000,
  }, async () => {
    const run = await runWith(concatenated);
    // Triage did not ask for extra verification; the code it wrote did.
    expect(run.component.triage).toBe('orchestrate');
    expect(run.result.status).toBe('escalated');
    expect(run.component.status).toBe('escalated');
    expect(run.evidence.requiredChecks).toEqual(['types', 'api', 'tests', 'performance', 'security']);
    expect(run.evidence.checks.find((check) => check.checkId === 'security')?.status).toBe('failed');
    expect(run.findings).toContainEqual(
      expect.objectContaining({
        checkId: 'security',
        ruleId: 'security/sql-injection',
        file: 'src/books.ts',
        line: 11,
        severity: 'error',
      }),
    );
  });

  it('accepts the parameterised twin', { timeout: 180_000 }, async () => {
    const run = await runWith(parameterised);
    expect(run.findings.map((finding) => finding.ruleId)).toEqual([]);
    expect(run.result.status).toBe('succeeded');
    expect(run.evidence.passed).toBe(true);
    expect(run.evidence.checks.map((check) => check.checkId)).toContain('security');
  });

  it('honours verify.checks: a check the config leaves out is not run, and the evidence says so', {
    timeout: 180_000,
  }, async () => {
    const run = await runWith(concatenated, { verify: { checks: ['types', 'api', 'tests'] } });
    expect(run.evidence.requiredChecks).toEqual(['types', 'api', 'tests']);
    expect(run.evidence.excludedChecks).toEqual(['performance', 'security']);
    expect(run.result.status).toBe('succeeded');
  });
});
