import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/load.js';
import { openSqliteLedger } from '../ledger/sqlite-store.js';
import { createLedgerRecorder } from '../providers/ledger-recorder.js';
import { createRedactor } from '../providers/redact.js';
import { withReliability } from '../providers/reliable-provider.js';
import { createScriptedProvider } from '../testing/scripted-provider.js';
import { createRunProject, goodAnswer, planYaml } from './__fixtures__/run-project.js';
import { type GateOptions, runGate } from './run-gate.js';
import { runPlan } from './run-plan.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the gate of baton run', () => {
  it('hands the edge-cases and performance checks the component, its edge cases and its benchmark', async () => {
    const plan = planYaml([{ id: 'hello' }]).replace(
      '    acceptance:',
      [
        '    edgeCases:',
        '      - case: an empty last name',
        '        expect: the greeting still names the first name',
        '    benchmark:',
        '      command: node -e 0',
        '      baseline: node -e 0',
        '      budgetRatio: 5',
        '    acceptance:',
      ].join('\n'),
    );
    const project = createRunProject(plan);
    cleanups.push(() => project.remove());
    const config = await loadConfig({ cwd: project.root, env: {} });
    if (config.ledger.kind !== 'sqlite') throw new Error('expected a SQLite ledger');
    const ledger = await openSqliteLedger({ path: config.ledger.path });
    cleanups.push(() => ledger.close());
    const seen: GateOptions[] = [];
    const result = await runPlan({
      config,
      ledger,
      provider: withReliability(
        createScriptedProvider([goodAnswer('hello')], { id: 'compatible:scripted' }),
        {
          observers: [createLedgerRecorder({ ledger, redactor: createRedactor({}) })],
        },
      ),
      planFile: project.planFile,
      gate: (options) => {
        seen.push(options);
        return runGate({ ...options, checkIds: [] });
      },
    });
    expect(result.status).toBe('succeeded');
    const gate = seen[0];
    expect(gate?.component).toMatchObject({
      id: 'hello',
      planFile: join(project.root, 'plan.yaml'),
      planRoot: project.root,
      edgeCases: [{ case: 'an empty last name', line: 14 }],
    });
    expect(gate?.benchmark).toMatchObject({ name: 'hello', command: 'node -e 0', budgetRatio: 5 });
  });
});
