import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import {
  createRunProject,
  goodAnswer,
  planYaml,
  type RunProject,
} from '../../engine/__fixtures__/run-project.js';
import { openSqliteLedger } from '../../ledger/index.js';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../../testing/index.js';

const ids = ['first', 'second'];
let project: RunProject | undefined;
let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  project?.remove();
  project = server = undefined;
});

describe('baton run --resume without --provider', () => {
  it('carries on with the provider the run recorded, over providers.default, and says so', async () => {
    server = await startFakeOpenAIServer({
      respond: (request) => ({
        type: 'reply',
        text: goodAnswer(ids.find((id) => request.lastUserText.includes(`The ${id} text`)) ?? 'first'),
      }),
    });
    project = createRunProject(planYaml(ids.map((id) => ({ id }))), {
      'baton.config.json': JSON.stringify({
        providers: {
          // The default points nowhere: a resume that fell back to it would fail its calls.
          default: 'compatible:elsewhere',
          compatible: {
            local: { baseURL: server.baseURL, model: 'fake-coder' },
            elsewhere: { baseURL: 'http://127.0.0.1:9/v1', model: 'nothing' },
          },
        },
      }),
    });
    const stopped = await runBaton(
      ['run', 'plan.yaml', '--provider', 'compatible:local', '--budget-tokens', '10', '--concurrency', '1'],
      project.root,
    );
    expect(stopped.exitCode, stopped.stderr).toBe(1);
    const ledger = await openSqliteLedger({ path: `${project.root}/.baton/ledger.db` });
    const [run] = await ledger.rows('runs');
    await ledger.close();

    const resumed = await runBaton(['run', '--resume', '--budget-tokens', '100000'], project.root);
    expect(resumed.exitCode, resumed.stderr + resumed.stdout).toBe(0);
    expect(resumed.stderr).toContain(
      `Resuming run ${run?.id} with its recorded provider compatible:local/fake-coder.`,
    );
    expect(resumed.stdout).toContain('succeeded');
    expect(server.requests).toHaveLength(2);
  }, 120_000);

  it('uses --provider when one is given, without the notice', async () => {
    server = await startFakeOpenAIServer({ respond: () => ({ type: 'reply', text: goodAnswer('first') }) });
    project = createRunProject(planYaml([{ id: 'first' }]), {
      'baton.config.json': JSON.stringify({
        providers: { compatible: { local: { baseURL: server.baseURL, model: 'fake-coder' } } },
      }),
    });
    await runBaton(
      ['run', 'plan.yaml', '--provider', 'compatible:local', '--budget-tokens', '1'],
      project.root,
    );
    const resumed = await runBaton(
      ['run', '--resume', '--provider', 'compatible:local', '--budget-tokens', '100000'],
      project.root,
    );
    expect(resumed.stderr).not.toContain('recorded provider');
  }, 120_000);
});
