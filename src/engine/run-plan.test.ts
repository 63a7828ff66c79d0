import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/load.js';
import type { ResolvedConfig } from '../core/config/schema.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import { openSqliteLedger } from '../ledger/sqlite-store.js';
import { createLedgerRecorder } from '../providers/ledger-recorder.js';
import type { Provider } from '../providers/provider.js';
import { createRedactor } from '../providers/redact.js';
import { withReliability } from '../providers/reliable-provider.js';
import { createScriptedProvider, type ScriptedProvider } from '../testing/scripted-provider.js';
import {
  createRunProject,
  goodAnswer,
  planYaml,
  type RunProject,
  wrongImportAnswer,
} from './__fixtures__/run-project.js';
import { markComponentDone } from './mark-done.js';
import { runPlan } from './run-plan.js';
import type { AttemptEvidence } from './run-state.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  project: RunProject;
  config: ResolvedConfig;
  ledger: LedgerStore;
  scripted: ScriptedProvider;
  provider: Provider;
}

async function setUp(
  plan: string,
  answers: string[] | ((text: string) => string),
  options: { pricePerMillion?: number } = {},
): Promise<Setup> {
  const project = createRunProject(plan);
  cleanups.push(() => project.remove());
  const config = await loadConfig({ cwd: project.root, env: {} });
  if (config.ledger.kind !== 'sqlite') throw new Error('expected a SQLite ledger');
  const ledger = await openSqliteLedger({ path: config.ledger.path });
  cleanups.push(() => ledger.close());
  const scripted = createScriptedProvider(
    typeof answers === 'function'
      ? (request) => answers(request.messages.map((message) => message.content).join('\n'))
      : answers,
    // Not `replay:`, whose answers the recorder counts as free.
    { id: 'compatible:scripted' },
  );
  const price = options.pricePerMillion;
  const prices: Record<string, { inputPerMillionTokens: number; outputPerMillionTokens: number }> =
    price === undefined
      ? {}
      : { 'compatible:scripted': { inputPerMillionTokens: price, outputPerMillionTokens: price } };
  const provider = withReliability(scripted, {
    observers: [createLedgerRecorder({ ledger, redactor: createRedactor({}), prices })],
  });
  return { project, config, ledger, scripted, provider };
}

describe('baton run', () => {
  it('repairs an answer with a wrong import: the finding goes back in the same conversation and the fix is done', async () => {
    const setup = await setUp(planYaml([{ id: 'hello' }, { id: 'goodbye', dependsOn: ['hello'] }]), [
      wrongImportAnswer('hello'),
      goodAnswer('hello'),
      goodAnswer('goodbye'),
    ]);
    const result = await runPlan({
      config: setup.config,
      ledger: setup.ledger,
      provider: setup.provider,
      planFile: setup.project.planFile,
    });
    expect(result.status).toBe('succeeded');
    expect(Object.fromEntries(result.states)).toEqual({ hello: 'done', goodbye: 'done' });

    const repair = setup.scripted.requests[1];
    expect(repair?.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(repair?.messages[1]?.content).toBe(wrongImportAnswer('hello'));
    const repairText = repair?.messages[2]?.content ?? '';
    expect(repairText).toContain('src/hello.ts:1');
    expect(repairText).toContain('formatName');
    expect(repairText).toMatch(/\[api\/[a-z-]+\]/);

    const attempts = await setup.ledger.db.selectFrom('attempts').selectAll().orderBy('startedAt').execute();
    expect(attempts.map((attempt) => [attempt.branch, attempt.status])).toEqual([
      [`baton/${result.runId}/hello/1`, 'findings'],
      [`baton/${result.runId}/hello/2`, 'passed'],
      [`baton/${result.runId}/goodbye/1`, 'passed'],
    ]);
    const components = await setup.ledger.db.selectFrom('components').selectAll().orderBy('key').execute();
    for (const component of components) {
      expect(component.status).toBe('done');
      const attempt = attempts.find((candidate) => candidate.id === component.evidenceAttemptId);
      const evidence = JSON.parse(attempt?.evidence ?? 'null') as AttemptEvidence;
      expect(evidence.passed).toBe(true);
      expect(evidence.blockingFindings).toBe(0);
      // The kind's checks, and security and performance because the component wrote TypeScript.
      expect(evidence.checks.map((check) => [check.checkId, check.status])).toEqual([
        ['types', 'passed'],
        ['api', 'passed'],
        ['performance', 'passed'],
        ['security', 'passed'],
      ]);
      expect(evidence.commitSha).toBe(attempt?.commitSha);
      const message = setup.project.git('log', '-1', '--format=%B', evidence.commitSha ?? '');
      expect(message).toContain(`Baton-Run: ${result.runId}`);
      expect(message).toContain(`Baton-Component: ${component.key}`);
    }
    const findings = await setup.ledger.db.selectFrom('findings').selectAll().execute();
    expect(findings.every((finding) => finding.attemptId === attempts[0]?.id)).toBe(true);
    expect(findings.some((finding) => finding.checkId === 'api')).toBe(true);
    // The dependent started from its dependency's done commit.
    const goodbye = attempts[2];
    expect(setup.project.git('show', `${goodbye?.commitSha}:src/hello.ts`)).toContain('fullName');
    const responses = await setup.ledger.db.selectFrom('responses').selectAll().execute();
    expect(responses).toHaveLength(3);
  }, 120_000);

  it('never marks a component done with a failing check: attempts run out, it is escalated, its dependents blocked', async () => {
    const setup = await setUp(planYaml([{ id: 'hello' }, { id: 'goodbye', dependsOn: ['hello'] }]), (text) =>
      text.includes('The goodbye text') ? goodAnswer('goodbye') : wrongImportAnswer('hello'),
    );
    const result = await runPlan({
      config: setup.config,
      ledger: setup.ledger,
      provider: setup.provider,
      planFile: setup.project.planFile,
      maxAttempts: 2,
    });
    expect(result.status).toBe('escalated');
    expect(Object.fromEntries(result.states)).toEqual({ hello: 'escalated', goodbye: 'blocked' });
    expect(setup.scripted.requests).toHaveLength(2);
    const rows = await setup.ledger.db.selectFrom('components').selectAll().orderBy('key').execute();
    const [goodbye, hello] = rows;
    expect(hello?.status).toBe('escalated');
    expect(hello?.evidenceAttemptId ?? null).toBeNull();
    expect(hello?.statusReason).toContain('formatName');
    expect(goodbye?.status).toBe('pending');
    expect(goodbye?.statusReason).toContain('Blocked');
    const attempts = await setup.ledger.db.selectFrom('attempts').selectAll().orderBy('number').execute();
    expect(attempts.map((attempt) => attempt.status)).toEqual(['findings', 'findings']);
    for (const attempt of attempts) {
      const evidence = JSON.parse(attempt.evidence ?? 'null') as AttemptEvidence;
      expect(evidence.passed).toBe(false);
      expect(evidence.blockingFindings).toBeGreaterThan(0);
    }
    const ends = (await setup.ledger.readEvents({ runId: result.runId }))
      .map((stored) => stored.event)
      .filter((event) => event.type === 'component-end');
    expect(ends.map((event) => [event.componentId, event.status])).toEqual([
      ['hello', 'escalated'],
      ['goodbye', 'blocked'],
    ]);
  }, 120_000);

  it('asks again when an answer has no usable edit', async () => {
    const setup = await setUp(planYaml([{ id: 'hello' }]), [
      'I would write a greeting function here.',
      goodAnswer('hello'),
    ]);
    const result = await runPlan({
      config: setup.config,
      ledger: setup.ledger,
      provider: setup.provider,
      planFile: setup.project.planFile,
    });
    expect(result.status).toBe('succeeded');
    expect(setup.scripted.requests[1]?.messages.at(-1)?.content).toContain('edit/no-usable-edit');
    const attempts = await setup.ledger.db.selectFrom('attempts').selectAll().orderBy('number').execute();
    expect(attempts.map((attempt) => attempt.status)).toEqual(['no-edits', 'passed']);
  }, 120_000);

  it('stops new provider calls once the recorded cost reaches the budget, and resumes with a higher one', async () => {
    const plan = planYaml([{ id: 'first' }, { id: 'second' }, { id: 'third' }]);
    const setup = await setUp(
      plan,
      (text) =>
        goodAnswer(['first', 'second', 'third'].find((id) => text.includes(`The ${id} text`)) ?? 'first'),
      { pricePerMillion: 10 },
    );
    const options = {
      config: setup.config,
      ledger: setup.ledger,
      provider: setup.provider,
      prices: { 'compatible:scripted': { inputPerMillionTokens: 10, outputPerMillionTokens: 10 } },
      concurrency: 1,
    };
    const stopped = await runPlan({ ...options, planFile: setup.project.planFile, budgetUsd: 0.000_001 });
    expect(stopped.status).toBe('budget-exhausted');
    expect(stopped.message).toContain('--budget-usd');
    // The first call spent the budget; no other call started.
    expect(setup.scripted.requests).toHaveLength(1);
    expect(stopped.costUsd).toBeGreaterThan(0.000_001);
    expect([...stopped.states.values()].filter((state) => state === 'done')).toHaveLength(1);

    const resumed = await runPlan({ ...options, resume: true, budgetUsd: 1 });
    expect(resumed.runId).toBe(stopped.runId);
    expect(resumed.status).toBe('succeeded');
    expect(setup.scripted.requests).toHaveLength(3);
  }, 120_000);

  it('waits for a person on a write-directly component, and marks it done only when its checks pass', async () => {
    const setup = await setUp(
      planYaml([
        { id: 'solver', risks: ['novel-algorithm'] },
        { id: 'report', dependsOn: ['solver'] },
      ]),
      [goodAnswer('report')],
    );
    const options = { config: setup.config, ledger: setup.ledger, provider: setup.provider };
    const waiting = await runPlan({ ...options, planFile: setup.project.planFile });
    expect(waiting.status).toBe('waiting-for-person');
    expect(Object.fromEntries(waiting.states)).toEqual({ solver: 'waiting-for-person', report: 'blocked' });
    expect(setup.scripted.requests).toHaveLength(0);
    const solver = await setup.ledger.db
      .selectFrom('components')
      .selectAll()
      .where('key', '=', 'solver')
      .executeTakeFirstOrThrow();
    expect(solver.statusReason).toContain('--mark-done solver');
    const attempt = await setup.ledger.db.selectFrom('attempts').selectAll().executeTakeFirstOrThrow();
    expect(attempt.branch).toBe(`baton/${waiting.runId}/solver/1`);
    const worktree = attempt.worktree ?? '';

    const markDone = () =>
      markComponentDone({ config: setup.config, ledger: setup.ledger, componentId: 'solver' });
    await expect(markDone()).rejects.toMatchObject({ code: 'RUN_COMPONENT_NOT_WAITING' });
    writeFileSync(join(worktree, 'src/solver.ts'), "export const solver: number = 'not a number';\n");
    const refused = await markDone();
    expect(refused.done).toBe(false);
    expect(refused.findings.some((finding) => finding.file === 'src/solver.ts')).toBe(true);
    writeFileSync(join(worktree, 'src/solver.ts'), 'export const solver: number = 42;\n');
    const accepted = await markDone();
    expect(accepted.done).toBe(true);
    expect(setup.project.git('log', '-1', '--format=%B', accepted.evidence.commitSha ?? '')).toContain(
      'Baton-Component: solver',
    );

    const resumed = await runPlan({ ...options, resume: waiting.runId });
    expect(resumed.status).toBe('succeeded');
    expect(setup.scripted.requests).toHaveLength(1);
    // The component written by hand is in the dependent's starting point.
    const report = await setup.ledger.db
      .selectFrom('attempts')
      .selectAll()
      .where('branch', '=', `baton/${waiting.runId}/report/1`)
      .executeTakeFirstOrThrow();
    expect(setup.project.git('show', `${report.commitSha}:src/solver.ts`)).toContain('42');
  }, 120_000);
});
