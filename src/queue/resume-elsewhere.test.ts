import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { runBaton } from '../../test/support/cli.js';
import { createTestDatabase } from '../../test/support/postgres-server.js';
import { createRunProject, goodAnswer, planYaml } from '../engine/__fixtures__/run-project.js';
import { openPostgresLedger } from '../ledger/postgres-store.js';
import { startFakeOpenAIServer } from '../testing/index.js';
import { batonVersion } from './baton-version.js';
import { startComponentWorker } from './component-worker.js';
import { parseQueueUrl } from './queue-url.js';

const redis = inject('redis');
const postgres = inject('postgres');
const skip = 'skipped' in redis ? redis.skipped : 'skipped' in postgres ? postgres.skipped : undefined;
const ids = ['alpha', 'bravo', 'charlie', 'delta'];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

describe.skipIf(skip !== undefined)('resuming a distributed run', () => {
  it('continues from a second clone of the repository, not the one that started it', async () => {
    if (!('url' in redis) || !('adminUrl' in postgres)) return;
    const server = await startFakeOpenAIServer({
      respond: (request) => ({
        type: 'reply',
        text: goodAnswer(ids.find((id) => request.lastUserText.includes(`The ${id} text`)) ?? 'alpha'),
        usage: { inputTokens: 600, outputTokens: 400 },
      }),
    });
    cleanups.push(() => server.close());
    const first = createRunProject(planYaml(ids.map((id) => ({ id }))), {
      'baton.config.json': JSON.stringify({
        providers: { compatible: { fake: { baseURL: server.baseURL, model: 'fake-coder' } } },
      }),
    });
    cleanups.push(() => first.remove());
    const remote = first.cloneBare();
    first.git('remote', 'add', 'origin', remote);
    const ledgerUrl = await createTestDatabase(postgres.adminUrl);
    const env = { BATON_LEDGER_URL: ledgerUrl };
    const queueUrl = `${redis.url}/9`;
    const ledger = await openPostgresLedger({ url: ledgerUrl });
    cleanups.push(() => ledger.close());
    const worker = await startComponentWorker({
      location: parseQueueUrl(queueUrl),
      ledger,
      workDir: temporaryFolder('baton-worker-'),
      version: batonVersion(),
      env,
    });
    cleanups.push(() => worker.close());

    // The first machine's run stops at its budget after the first answer.
    const stopped = await runBaton(
      ['run', 'plan.yaml', '--provider', 'compatible:fake', '--queue', queueUrl, '--budget-tokens', '900'],
      first.root,
      env,
    );
    expect(stopped.stdout, stopped.stderr).toContain('stopped: its recorded spend reached the budget');
    const [run] = await ledger.rows('runs');
    expect(run?.status).toBe('budget-exhausted');
    const askedBefore = server.requests.length;

    // Another machine: its own clone of the remote, the same ledger and queue.
    const second = join(temporaryFolder('baton-second-'), 'clone');
    execFileSync('git', ['clone', '--quiet', remote, second]);
    execFileSync('git', ['config', 'user.name', 'Grace Hopper'], { cwd: second });
    execFileSync('git', ['config', 'user.email', 'grace@example.com'], { cwd: second });
    const resumed = await runBaton(
      ['run', '--resume', String(run?.id), '--queue', queueUrl, '--budget-tokens', '100000'],
      second,
      env,
    );
    expect(resumed.exitCode, resumed.stderr + resumed.stdout).toBe(0);
    expect(resumed.stdout).toContain('succeeded');
    // No --provider: the resume takes the one the run recorded, as workers require.
    expect(resumed.stderr).toContain(`with its recorded provider compatible:fake/fake-coder.`);

    const components = await ledger.rows('components');
    expect(components.map((component) => component.status)).toEqual(ids.map(() => 'done'));
    // Answers recorded before the stop were reused: each question reached the model once.
    const bodies = server.requests.map((request) => JSON.stringify(request.body));
    expect(new Set(bodies).size).toBe(bodies.length);
    expect(bodies).toHaveLength(ids.length);
    expect(askedBefore).toBeGreaterThan(0);
    // The second clone has every attempt branch, the first run's included, for review and merge there.
    const branches = execFileSync('git', ['branch', '--list', 'baton/*'], { cwd: second, encoding: 'utf8' });
    for (const id of ids) expect(branches).toContain(`/${id}/`);
  }, 180_000);
});
