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

async function setUp(plan: string, answers: string[] | ((text: string) => string)): Promise<Setup> {
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
  );
  const provider = withReliability(scripted, {
    observers: [createLedgerRecorder({ ledger, redactor: createRedactor({}) })],
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
      expect(evidence.checks.map((check) => [check.checkId, check.status])).toEqual([
        ['types', 'passed'],
        ['api', 'passed'],
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
});
