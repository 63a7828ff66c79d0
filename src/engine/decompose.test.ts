import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../test/support/temporary-repository.js';
import { resolvePlanningSettings } from '../core/config/planning-settings.js';
import { BatonError } from '../core/errors.js';
import { createProviderRegistry } from '../providers/registry.js';
import { type FakeOpenAIServer, fakeResponses, startFakeOpenAIServer } from '../testing/index.js';
import { decomposeFeature } from './decompose.js';

const component = (id: string, dependsOn: string[], file: string) => ({
  id,
  title: `The ${id}`,
  kind: 'api',
  dependsOn,
  files: [file],
  estimateHours: 2,
  acceptance: [
    { criterion: `${id} answers 200 with the stored preferences`, test: `test/${id}.test.ts > answers 200` },
  ],
  edgeCases: [
    { case: 'a user with no row', expect: 'the defaults', test: `test/${id}.test.ts > answers 200` },
  ],
  prompt: {
    context: 'A node:http service with handlers in src/routes.',
    constraints: ['TypeScript strict; no new dependencies.'],
    examples: [{ description: 'Follow the users route', file: 'src/routes/users.ts' }],
    qualityBar: ['One JSDoc sentence per exported function.'],
  },
});
const plan = (components: ReturnType<typeof component>[]) =>
  JSON.stringify({
    version: 1,
    feature: { name: 'Notification preferences', description: 'Users choose how they are notified.' },
    components,
  });

let server: FakeOpenAIServer;
let repository: TemporaryRepository;
const dataDir = mkdtempSync(join(tmpdir(), 'baton-decompose-'));
beforeAll(async () => {
  server = await startFakeOpenAIServer();
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  repository?.remove();
  server.reset();
});

function decompose(maxAttempts = 3) {
  repository = createTemporaryRepository({
    'src/routes/users.ts': 'export {};\n',
    'package.json': '{"name":"service"}',
  });
  const registry = createProviderRegistry({
    settings: {
      compatible: { local: { baseURL: server.baseURL, model: 'planner' } },
      retries: { maxRetries: 0 },
    },
    root: repository.root,
    dataDir,
  });
  return decomposeFeature({
    brief: '# Notification preferences\nUsers choose email and push notifications.',
    outFile: join(repository.root, 'plan.yaml'),
    provider: registry.resolve('compatible:local'),
    settings: resolvePlanningSettings({}),
    maxAttempts,
    draftsDirectory: join(repository.root, '.baton', 'drafts'),
  });
}

describe('decompose', () => {
  it('sends schema and validation problems back to the model until the plan validates, then writes it', async () => {
    server.enqueue(
      fakeResponses.reply('{"feature": {"name": "Notification preferences"}}'),
      fakeResponses.reply(
        plan([
          component('get-endpoint', ['put-endpoint'], 'src/routes/get.ts'),
          component('put-endpoint', ['get-endpoint'], 'src/routes/put.ts'),
        ]),
      ),
      fakeResponses.reply(
        plan([
          component('get-endpoint', [], 'src/routes/get.ts'),
          component('put-endpoint', ['get-endpoint'], 'src/routes/put.ts'),
        ]),
      ),
    );
    const result = await decompose();
    expect(result).toMatchObject({ attempts: 3, components: 2 });
    expect(server.requests).toHaveLength(3);
    expect(server.requests[1]?.lastUserText).toContain('components');
    expect(server.requests[2]?.lastUserText).toMatch(
      /PLAN_CYCLE.*get-endpoint.*put-endpoint|PLAN_CYCLE.*put-endpoint.*get-endpoint/,
    );
    const written = readFileSync(join(repository.root, 'plan.yaml'), 'utf8');
    expect(written).toContain('id: put-endpoint');
    expect(written).toContain('dependsOn:\n      - get-endpoint');
  });

  it('writes nothing when the plan never validates, keeps the last draft, and says why', async () => {
    const cyclic = plan([component('a', ['b'], 'src/routes/a.ts'), component('b', ['a'], 'src/routes/b.ts')]);
    server.enqueue(fakeResponses.reply(cyclic), fakeResponses.reply(cyclic));
    const failure = await decompose(2).catch((error: unknown) => error);
    expect(BatonError.isInstance(failure) && failure.code).toBe('DECOMPOSE_FAILED');
    expect((failure as BatonError).message).toContain('after 2 attempts');
    expect((failure as BatonError).message).toContain('PLAN_CYCLE');
    expect(existsSync(join(repository.root, 'plan.yaml'))).toBe(false);
    expect(
      readFileSync(join(repository.root, '.baton', 'drafts', 'plan.yaml.rejected.yaml'), 'utf8'),
    ).toContain('id: a');
    expect(repository.git('status', '--porcelain', '--untracked-files=all')).not.toContain('draft-');
  });
});
