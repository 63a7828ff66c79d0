import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { loadConfig } from '../../core/config/load.js';
import { openSqliteLedger } from '../../ledger/sqlite-store.js';
import { createLedgerRecorder } from '../../providers/ledger-recorder.js';
import { createRedactor } from '../../providers/redact.js';
import { withReliability } from '../../providers/reliable-provider.js';
import { createScriptedProvider } from '../../testing/scripted-provider.js';
import { createRunProject, goodAnswer, planYaml, type RunProject } from '../__fixtures__/run-project.js';
import { runPlan } from '../run-plan.js';

let project: RunProject | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

const missingPackage = 'greeting-helpers-that-do-not-exist';

/** An answer that imports a package nobody published or declared. */
function missingPackageAnswer(id: string): string {
  return `\`\`\`ts src/${id}.ts\nimport { decorate } from '${missingPackage}';\nimport { fullName } from './names.js';\n\n/** Greets a person. */\nexport function ${id}(first: string, last: string): string {\n  return decorate(\`Hello, \${fullName(first, last)}!\`);\n}\n\`\`\`\n`;
}

describe('baton merge', () => {
  it('brings only the accepted attempt into main: one commit per component, refused attempts stay on their branches', async () => {
    project = createRunProject(planYaml([{ id: 'hello' }, { id: 'goodbye', dependsOn: ['hello'] }]));
    const config = await loadConfig({ cwd: project.root, env: {} });
    if (config.ledger.kind !== 'sqlite') throw new Error('expected a SQLite ledger');
    const ledger = await openSqliteLedger({ path: config.ledger.path });
    let runId: string;
    let refusedCommit: string;
    try {
      const scripted = createScriptedProvider(
        [missingPackageAnswer('hello'), goodAnswer('hello'), goodAnswer('goodbye')],
        { id: 'compatible:scripted' },
      );
      const provider = withReliability(scripted, {
        observers: [createLedgerRecorder({ ledger, redactor: createRedactor({}) })],
      });
      const result = await runPlan({ config, ledger, provider, planFile: project.planFile });
      expect(result.status).toBe('succeeded');
      runId = result.runId;
      const attempts = await ledger.db.selectFrom('attempts').selectAll().orderBy('startedAt').execute();
      expect(attempts.map((attempt) => attempt.status)).toEqual(['findings', 'passed', 'passed']);
      refusedCommit = attempts[0]?.commitSha ?? '';
      const findings = await ledger.db.selectFrom('findings').selectAll().execute();
      expect(findings.some((finding) => finding.message.includes(missingPackage))).toBe(true);
    } finally {
      await ledger.close();
    }
    // The refused attempt's commit holds the import, on its branch.
    expect(project.git('show', `${refusedCommit}:src/hello.ts`)).toContain(missingPackage);

    const reviewed = await runBaton(['review', '--yes', '--no-merge'], project.root);
    expect(reviewed.exitCode, reviewed.stderr).toBe(0);
    const merged = await runBaton(['merge'], project.root);
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/Merged hello .*\nMerged goodbye /);

    // One commit per component, each with one parent and the trailers of the accepted attempt.
    const parents = project.git('log', '--format=%H %P', 'main').trim().split('\n');
    expect(parents.map((line) => line.split(' ').filter(Boolean).length - 1)).toEqual([1, 1, 0]);
    const messages = project
      .git('log', '--format=%s%n%(trailers:only,unfold)%x00', 'main')
      .split('\0')
      .map((entry) => entry.trim())
      .filter(Boolean);
    expect(messages).toEqual([
      `The goodbye text (goodbye)\nBaton-Run: ${runId}\nBaton-Component: goodbye\nBaton-Attempt: 1`,
      `The hello text (hello)\nBaton-Run: ${runId}\nBaton-Component: hello\nBaton-Attempt: 2`,
      'Start',
    ]);
    // Nothing of the refused attempt is reachable from main: no commit, no blob, no line of it.
    const reachable = project.git('rev-list', '--objects', 'main');
    expect(reachable).not.toContain(refusedCommit);
    const refusedBlob = project.git('rev-parse', `${refusedCommit}:src/hello.ts`).trim();
    expect(reachable).not.toContain(refusedBlob);
    expect(project.git('log', '-p', 'main')).not.toContain(missingPackage);
    expect(project.git('show', 'main:src/goodbye.ts')).toContain('fullName');
    expect(project.git('show', 'main:src/hello.ts')).toContain('fullName');
    // The refused attempt stays on its branch.
    expect(project.git('branch', '--list', `baton/${runId}/hello/1`).trim()).not.toBe('');
  }, 180_000);
});
