import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { loadConfig } from '../../core/config/load.js';
import { openSqliteLedger } from '../../ledger/sqlite-store.js';
import { createLedgerRecorder } from '../../providers/ledger-recorder.js';
import { createRedactor } from '../../providers/redact.js';
import { withReliability } from '../../providers/reliable-provider.js';
import { createScriptedProvider } from '../../testing/scripted-provider.js';
import {
  createRunProject,
  goodAnswer,
  planYaml,
  type RunProject,
  wrongImportAnswer,
} from '../__fixtures__/run-project.js';
import { runPlan } from '../run-plan.js';
import { loadReviewerFeedback } from './reviewer-feedback.js';

let project: RunProject | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

describe('review after a real `baton run`', () => {
  it('reviews, rejects with a reason the resumed run sees, accepts, merges and exports what the engine wrote', async () => {
    project = createRunProject(
      planYaml([
        { id: 'hello', risks: ['security-sensitive'] },
        { id: 'goodbye', dependsOn: ['hello'] },
      ]),
    );
    const config = await loadConfig({ cwd: project.root, env: {} });
    if (config.ledger.kind !== 'sqlite') throw new Error('expected a SQLite ledger');
    const answers = [
      wrongImportAnswer('hello'),
      goodAnswer('hello'),
      goodAnswer('goodbye'),
      goodAnswer('goodbye'),
    ];
    let prompts: string[] = [];
    const run = async (resume?: string) => {
      const ledger = await openSqliteLedger({ path: (config.ledger as { path: string }).path });
      try {
        const scripted = createScriptedProvider(answers.splice(0, resume ? 1 : 3), {
          id: 'compatible:scripted',
        });
        const provider = withReliability(scripted, {
          observers: [createLedgerRecorder({ ledger, redactor: createRedactor({}) })],
        });
        const requests = scripted.requests;
        const result = await runPlan({
          config,
          ledger,
          provider,
          ...(resume ? { resume } : { planFile: project?.planFile }),
        });
        prompts = requests.map((request) => request.messages.at(-1)?.content ?? '');
        return result;
      } finally {
        await ledger.close();
      }
    };
    const first = await run();
    expect(first.status).toBe('succeeded');
    const root = project.root;

    const list = await runBaton(['review', '--list'], root);
    expect(list.stdout).toContain('hello  awaiting-review [mandatory review]  0 findings');
    expect(list.stdout).toContain('goodbye  awaiting-review  0 findings');

    const rejected = await runBaton(
      ['review', '--reject-all', 'greet in French', '--component', 'goodbye'],
      root,
    );
    expect(rejected.exitCode, rejected.stderr).toBe(0);
    const ledger = await openSqliteLedger({ path: config.ledger.path });
    const goodbyeId = (
      await ledger.db
        .selectFrom('components')
        .select('id')
        .where('key', '=', 'goodbye')
        .executeTakeFirstOrThrow()
    ).id;
    expect(await loadReviewerFeedback(ledger, goodbyeId)).toMatchObject([
      { reason: 'greet in French', open: true },
    ]);
    await ledger.close();

    const resumed = await run(first.runId);
    expect(resumed.status).toBe('succeeded');
    // The new attempt's prompt carries the reviewer's reason, after the attempt it continues from.
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('A person reviewed earlier work on this component.');
    expect(prompts[0]).toMatch(/rejected attempt 1: greet in French/);
    expect(prompts[0]).toContain('passed the verification gate, but a person did not accept it');
    expect((await runBaton(['review', '--list'], root)).stdout).toContain('goodbye  awaiting-review');

    const yes = await runBaton(['review', '--yes'], root);
    expect(yes.stdout).toContain('accept goodbye');
    expect(yes.stdout).toContain('left for review hello: review is mandatory');
    expect(project.git('rev-list', '--count', 'main').trim()).toBe('1');

    const all = await runBaton(['review', '--yes', '--include-mandatory'], root);
    expect(all.exitCode, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/Merged hello .*\nMerged goodbye /);
    expect(
      project
        .git('log', '--first-parent', '--format=%(trailers:key=Baton-Component,valueonly)', 'main')
        .trim()
        .split(/\n+/),
    ).toEqual(['goodbye', 'hello']);
    expect(project.git('show', 'main:src/goodbye.ts')).toContain('fullName');

    const exported = await runBaton(['docs', 'export'], root);
    expect(exported.exitCode, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('greetings/hello.md');
  }, 180_000);
});
