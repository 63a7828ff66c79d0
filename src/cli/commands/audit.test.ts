import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { seedMetricsLedger } from '../../../test/support/seed-metrics-ledger.js';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { openSqliteLedger } from '../../ledger/index.js';

let repository: TemporaryRepository;
beforeEach(async () => {
  repository = createTemporaryRepository({
    'baton.config.json': JSON.stringify({
      verify: { checks: ['types', 'api', 'tests', 'edge-cases', 'security', 'sql'] },
    }),
  });
  const ledger = await openSqliteLedger({ path: join(repository.root, '.baton', 'ledger.db') });
  await seedMetricsLedger(ledger);
  // On top of the seeded history: form re-accepted by policy and merged with no checks on record,
  // integration (write-directly) sent to a model anyway, and one prompt cut to the token budget.
  await ledger.insert('reviews', [
    {
      id: 'rev_policy',
      componentId: 'cmp_form',
      attemptId: 'att_form_1',
      reviewer: 'policy',
      decision: 'accept',
      reason: 'accepted without review by --yes',
      createdAt: '2026-11-21T09:40:00.000Z',
    },
  ]);
  await ledger.insert('merges', [
    {
      id: 'mrg_form',
      runId: 'run_1',
      componentId: 'cmp_form',
      attemptId: 'att_form_1',
      baseBranch: 'main',
      branch: 'baton/run_1/form/1',
      branchCommit: 'a'.repeat(40),
      mergeCommit: 'b'.repeat(40),
      mergedBy: 'ben',
      createdAt: '2026-11-21T09:45:00.000Z',
    },
  ]);
  await ledger.insert('attempts', [
    {
      id: 'att_integration_1',
      runId: 'run_1',
      componentId: 'cmp_integration',
      number: 1,
      status: 'findings',
      worktree: null,
      branch: null,
      startedAt: '2026-11-21T12:00:00.000Z',
      endedAt: '2026-11-21T12:05:00.000Z',
    },
  ]);
  await ledger.insert('costs', [
    {
      id: 'cst_integration',
      runId: 'run_1',
      attemptId: 'att_integration_1',
      responseId: null,
      provider: 'openai',
      model: 'gpt-5',
      inputTokens: 3000,
      outputTokens: 900,
      usd: 0.04,
      createdAt: '2026-11-21T12:01:00.000Z',
    },
  ]);
  await ledger.insert('prompts', [
    {
      id: 'prm_cut',
      componentId: 'cmp_tests',
      attemptId: 'att_tests_1',
      text: 'Write the tests.\n… 40 more lines cut to fit the token budget',
      hash: 'cut',
      tokens: 8000,
      createdAt: '2026-11-21T10:00:00.000Z',
    },
  ]);
  await ledger.close();
});
afterEach(() => repository.remove());

const withoutGeneratedTime = (text: string) => text.replace(/generated [\d-]+ [\d:]+ UTC/, 'generated <now>');

describe('baton audit', () => {
  it('finds each of the article’s mistakes with the components, people and rows behind it', async () => {
    const result = await runBaton(['audit'], repository.root);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(withoutGeneratedTime(result.stdout)).toMatchInlineSnapshot(`
      "Baton audit · the whole ledger · generated <now>

      Trusting AI completely: subtle bugs reach production (1)
      --------------------------------------------------------
        warning accepted-without-review: form was accepted by policy without review, then merged: nobody read the code.
            rows: reviews:rev_policy

      Poor prompting: more revision time negates speed gains (2)
      ----------------------------------------------------------
        note prompt-cut-to-budget: The prompt for tests was cut to fit the token budget: the model saw less context than the plan gave.
            rows: prompts:prm_cut
        warning repair-loop-escalated: tests went through 3 attempts and was escalated (3 attempts failed: tests/preferences.test.ts still failing): the prompt did not give the model what it needed.
            rows: components:cmp_tests, attempts:att_tests_1, attempts:att_tests_2, attempts:att_tests_3

      Skipping verification: AI errors compound (2)
      ---------------------------------------------
        error merged-without-checks: form was merged into main with no checks run on it.
            rows: attempts:att_form_1, reviews:rev_policy
        warning checks-disabled-in-config: verify.checks in the config leaves out performance: that code is never checked for it.

      Orchestrating everything: some code is faster to write directly (1)
      -------------------------------------------------------------------
        warning write-directly-sent-to-model: integration was triaged write-directly but sent to a model anyway: 1 attempt, 0.00 h of prompting, debugging and review, $0.0400, against an estimate of 4 h to write it by hand.
            rows: components:cmp_integration, attempts:att_integration_1, costs:cst_integration

      Not documenting prompts: knowledge is not captured (1)
      ------------------------------------------------------
        warning merged-prompts-not-exported: form was merged but its prompts were never exported: run \`baton docs export\` so the knowledge stays next to the code.
            rows: components:cmp_form

      7 findings.
      "
    `);
  });

  it('prints JSON and SARIF, and fails CI at the severity asked for', async () => {
    const json = await runBaton(['audit', '--format', 'json'], repository.root);
    const report = JSON.parse(json.stdout) as {
      counts: Record<string, number>;
      findings: { rule: string }[];
    };
    expect(report.counts).toEqual({
      'trusting-ai-completely': 1,
      'poor-prompting': 2,
      'skipping-verification': 2,
      'orchestrating-everything': 1,
      'not-documenting-prompts': 1,
    });
    const sarif = await runBaton(['audit', '--format', 'sarif', '--fail-on', 'error'], repository.root);
    expect(sarif.exitCode).toBe(1);
    const log = JSON.parse(sarif.stdout) as {
      version: string;
      runs: { results: { ruleId: string; level: string; properties: { ledgerRows: string[] } }[] }[];
    };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]?.results.find((result) => result.ruleId === 'accepted-without-review')).toMatchObject({
      level: 'warning',
      properties: { ledgerRows: ['reviews:rev_policy'] },
    });
    expect((await runBaton(['audit', '--fail-on', 'none'], repository.root)).exitCode).toBe(0);
  });

  it('counts a component documented once its prompts are exported, and narrows to a period', async () => {
    repository.write('docs/prompts/notification-preferences/form.md', '# form\n');
    const documented = JSON.parse(
      (await runBaton(['audit', '--format', 'json'], repository.root)).stdout,
    ) as {
      counts: Record<string, number>;
    };
    expect(documented.counts['not-documenting-prompts']).toBe(0);
    const later = JSON.parse(
      (await runBaton(['audit', '--format', 'json', '--since', '2026-11-21T11:00:00Z'], repository.root))
        .stdout,
    ) as { findings: { rule: string }[] };
    expect(later.findings.map((finding) => finding.rule)).toEqual([
      'write-directly-sent-to-model',
      'checks-disabled-in-config',
    ]);
  });

  it('ties low prompt-lint scores in the run’s plan to the attempts they cost', async () => {
    const component = (id: string, prompt = '') =>
      `  - id: ${id}\n    title: ${id}\n    kind: other\n    files: [src/${id}.ts]\n${prompt}`;
    const thorough =
      '    prompt:\n      context: The preferences service stores one row per user in PostgreSQL through pg, with migrations in migrations/.\n      constraints: [TypeScript strict mode, no new dependencies]\n      examples: [{ file: src/users.ts }]\n      qualityBar: [JSDoc on every export, every error answered with a status a test asserts]\n    edgeCases: [a user with no row gets the defaults]\n';
    repository.write(
      'plan.yaml',
      `feature: { name: Notification preferences }\ncomponents:\n${component('schema', thorough)}${component('api')}${component('tests')}${component('form')}`,
    );
    repository.write('src/users.ts', 'export const users = [];\n');
    const report = JSON.parse((await runBaton(['audit', '--format', 'json'], repository.root)).stdout) as {
      findings: { rule: string; components: string[]; message: string }[];
    };
    const low = report.findings.filter((finding) => finding.rule === 'low-lint-score-high-attempts');
    // api took 2 attempts and tests 3 with bare prompts; form passed at once, schema's prompt is complete.
    expect(low.map((finding) => finding.components[0])).toEqual(['api', 'tests']);
    expect(low[0]?.message).toMatch(
      /^api's prompt scores \d+\/100 in `baton prompt lint` \(plan.yaml as it is now\) and took 2 attempts/,
    );
  });

  it('names an unknown run', async () => {
    const result = await runBaton(['audit', '--run', 'run_9'], repository.root);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('No run "run_9"');
  });
});
