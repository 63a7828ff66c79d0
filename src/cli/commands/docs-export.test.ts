import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { type SeededReviewRun, seedReviewRun } from '../../engine/review/__fixtures__/review-run.js';

let seeded: SeededReviewRun | undefined;
afterEach(() => {
  seeded?.repository.remove();
  seeded = undefined;
});

const at = (minute: number) => `2026-11-24T09:${String(minute).padStart(2, '0')}:30.000Z`;

/** What a run's provider calls and a person's review leave in the ledger, on top of the seeded run. */
async function addHistory(run: SeededReviewRun): Promise<void> {
  const ledger = await run.openLedger();
  const firstPrompt = 'Write GET/PUT /preferences.\nEdge cases: a user with no row gets the defaults.';
  const repair =
    'Attempt 1 at "GET/PUT endpoints" (api) did not pass the verification gate. Fix every finding below:\n\n- src/api.ts:1 [api/missing-export] error: "./db.js" has no export "query"';
  try {
    await ledger.db
      .updateTable('attempts')
      .set({
        conversation: JSON.stringify({
          system: 'You write code changes.',
          messages: [
            { role: 'user', content: firstPrompt },
            { role: 'assistant', content: '```ts src/api.ts\n…\n```' },
            { role: 'user', content: repair },
          ],
        }),
      })
      .where('id', '=', 'att_api_2')
      .execute();
    await ledger.db
      .updateTable('attempts')
      .set({
        conversation: JSON.stringify({
          system: 'You write code changes.',
          messages: [{ role: 'user', content: firstPrompt }],
        }),
      })
      .where('id', '=', 'att_api_1')
      .execute();
    const call = (
      number: number,
      text: string,
      minute: number,
      input: number,
      output: number,
      usd: number,
    ) => ({
      prompt: {
        id: `prm_api_${number}`,
        componentId: 'cmp_api',
        attemptId: `att_api_${number}`,
        text,
        hash: `h${number}`,
        tokens: input,
        createdAt: at(minute),
      },
      response: {
        id: `rsp_api_${number}`,
        promptId: `prm_api_${number}`,
        attemptId: `att_api_${number}`,
        provider: 'openai:gpt-5',
        model: 'gpt-5',
        text: '```ts src/api.ts\n…\n```',
        finishReason: 'stop',
        durationMs: 2100,
        createdAt: at(minute + 1),
      },
      cost: {
        id: `cst_api_${number}`,
        runId: 'run_1',
        attemptId: `att_api_${number}`,
        responseId: `rsp_api_${number}`,
        provider: 'openai:gpt-5',
        model: 'gpt-5',
        inputTokens: input,
        outputTokens: output,
        usd,
        createdAt: at(minute + 1),
      },
    });
    const calls = [
      call(1, `[user]\n${firstPrompt}`, 8, 1200, 300, 0.0105),
      call(2, `[user]\n${firstPrompt}\n\n[assistant]\n…\n\n[user]\n${repair}`, 14, 1900, 350, 0.016),
    ];
    await ledger.insert(
      'prompts',
      calls.map((entry) => entry.prompt),
    );
    await ledger.insert(
      'responses',
      calls.map((entry) => entry.response),
    );
    await ledger.insert(
      'costs',
      calls.map((entry) => entry.cost),
    );
    await ledger.insert('reviews', [
      {
        id: 'rev_1',
        componentId: 'cmp_api',
        attemptId: 'att_api_2',
        reviewer: 'ada',
        decision: 'annotate',
        reason: 'escape the route when it takes user input',
        createdAt: at(40),
        reviewedCommit: run.heads.api,
      },
      {
        id: 'rev_2',
        componentId: 'cmp_api',
        attemptId: 'att_api_2',
        reviewer: 'ada',
        decision: 'accept',
        reason: null,
        createdAt: at(41),
        reviewedCommit: run.heads.api,
      },
    ]);
    await ledger.insert('merges', [
      {
        id: 'mrg_1',
        runId: 'run_1',
        componentId: 'cmp_api',
        attemptId: 'att_api_2',
        baseBranch: 'main',
        branch: 'baton/run_1/api/2',
        branchCommit: run.heads.api,
        mergeCommit: 'f00dfeed0000111122223333444455556666777',
        mergedBy: 'ada',
        createdAt: at(42),
      },
    ]);
  } finally {
    await ledger.close();
  }
}

describe('baton docs export', () => {
  it('writes one Markdown file per component and an index per feature, the same bytes every time', async () => {
    seeded = await seedReviewRun();
    await addHistory(seeded);
    const result = await runBaton(['docs', 'export'], seeded.repository.root);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      'Wrote 4 file(s) for run run_1 to docs/prompts:\n  notification-preferences/index.md\n  notification-preferences/schema.md\n  notification-preferences/api.md\n  notification-preferences/form.md\n',
    );
    const folder = join(seeded.repository.root, 'docs/prompts/notification-preferences');
    expect(readdirSync(folder).sort()).toEqual(['api.md', 'form.md', 'index.md', 'schema.md']);
    const read = (name: string) =>
      readFileSync(join(folder, name), 'utf8').replaceAll(
        seeded?.heads.api.slice(0, 12) ?? '',
        '<api-commit>',
      );
    expect(read('index.md')).toMatchInlineSnapshot(`
      "# Notification preferences

      Prompts, attempts, findings and review decisions of run \`run_1\` (succeeded), started 2026-11-24T09:01:00.000Z.

      | component | title | triage | status | attempts | findings | cost | review |
      |---|---|---|---|---|---|---|---|
      | [schema](schema.md) | Preferences table | orchestrate+verify | done | 1 | 0 | $0.0000 | not reviewed |
      | [api](api.md) | GET/PUT endpoints | orchestrate | done | 2 | 2 | $0.0265 | accepted by ada; merged into main |
      | [form](form.md) | Preferences form | orchestrate | done | 1 | 0 | $0.0000 | not reviewed |

      Total: 3100 tokens in, 650 out, $0.0265.
      "
    `);
    expect(read('api.md')).toMatchInlineSnapshot(`
      "# api: GET/PUT endpoints

      | | |
      |---|---|
      | Feature | Notification preferences |
      | Run | \`run_1\` (succeeded) |
      | Kind | api |
      | Triage | orchestrate |
      | Status | done |
      | Model | openai:gpt-5 (model gpt-5) |
      | Attempts | 2 |
      | Tokens | 3100 in, 650 out |
      | Cost | $0.0265 |
      | Review | accepted by ada; merged into main |

      ## Final prompt

      \`\`\`text
      [user]
      Write GET/PUT /preferences.
      Edge cases: a user with no row gets the defaults.

      [assistant]
      …

      [user]
      Attempt 1 at "GET/PUT endpoints" (api) did not pass the verification gate. Fix every finding below:

      - src/api.ts:1 [api/missing-export] error: "./db.js" has no export "query"
      \`\`\`

      ## First prompt

      \`\`\`text
      [user]
      Write GET/PUT /preferences.
      Edge cases: a user with no row gets the defaults.
      \`\`\`

      ## Attempts

      ### Attempt 1: findings

      - Started 2026-11-24T09:08:00.000Z, ended 2026-11-24T09:12:00.000Z
      - Branch \`baton/run_1/api/1\`
      - Model: openai:gpt-5 (model gpt-5)
      - Tokens: 1200 in, 300 out; cost $0.0105

      #### Checks

      No check results recorded.

      #### Findings

      - \`src/api.ts:1\` error \`api/missing-export\`: "./db.js" has no export "query" — hint: Import it from where it is exported.

      ### Attempt 2: passed

      - Started 2026-11-24T09:14:00.000Z, ended 2026-11-24T09:18:00.000Z
      - Branch \`baton/run_1/api/2\` at \`<api-commit>\`
      - Model: openai:gpt-5 (model gpt-5)
      - Tokens: 1900 in, 350 out; cost $0.0160

      #### Checks

      | check | status | findings | time |
      |---|---|---|---|
      | api | passed | 1 | 1.0 s |
      | types | passed | 0 | 1.3 s |

      #### Findings

      - \`src/api.ts:2\` warning \`api/missing-export\`: route built by concatenation: check it is escaped — hint: Import it from where it is exported.

      #### Repair prompt

      \`\`\`text
      Attempt 1 at "GET/PUT endpoints" (api) did not pass the verification gate. Fix every finding below:

      - src/api.ts:1 [api/missing-export] error: "./db.js" has no export "query"
      \`\`\`

      ## Review

      - 2026-11-24T09:40:30.000Z — **annotate** by ada on \`<api-commit>\`: escape the route when it takes user input
      - 2026-11-24T09:41:30.000Z — **accept** by ada on \`<api-commit>\`
      - 2026-11-24T09:42:30.000Z — **merged** into main by ada as \`f00dfeed0000\`
      "
    `);

    const before = readdirSync(folder).map((name) => readFileSync(join(folder, name)));
    await runBaton(['docs', 'export', 'run_1', '--out', 'docs/prompts'], seeded.repository.root);
    const after = readdirSync(folder).map((name) => readFileSync(join(folder, name)));
    expect(after.every((content, index) => content.equals(before[index] as Buffer))).toBe(true);
  });
});
