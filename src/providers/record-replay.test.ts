import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatonError } from '../core/errors.js';
import { type FakeOpenAIServer, fakeResponses, startFakeOpenAIServer } from '../testing/index.js';
import { canonicalJson, readCassette, requestKey } from './cassette.js';
import { createRedactor } from './redact.js';
import { cassettePath, createProviderRegistry } from './registry.js';

let server: FakeOpenAIServer;
let root: string;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
  root = mkdtempSync(join(tmpdir(), 'baton-cassette-'));
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const secret = 'sk-recorded-secret-0123456789abcdef';
const registry = () =>
  createProviderRegistry({
    settings: { compatible: { local: { baseURL: server.baseURL, model: 'm' } }, retries: { maxRetries: 0 } },
    root,
    dataDir: join(root, '.baton'),
    env: {},
    redactor: createRedactor({ secrets: [secret] }),
  });

describe('record and replay', () => {
  it('records answers from a real call and replays them without the server', async () => {
    server.enqueue(fakeResponses.reply('first answer'), fakeResponses.reply('second answer'));
    const recorder = registry().resolve('compatible:local', { record: 'demo' });
    const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });
    await recorder.generate(ask(`Write add.\nUse ${secret}.`));
    await recorder.generate(ask('Write sub.'));
    const path = join(root, '.baton', 'cassettes', 'demo.json');
    const cassette = readCassette(path);
    expect(cassette.interactions.map((interaction) => interaction.response.text)).toEqual([
      'first answer',
      'second answer',
    ]);
    expect(readFileSync(path, 'utf8')).not.toContain(secret);

    const requestsBefore = server.requests.length;
    const replay = registry().resolve('replay:demo');
    expect((await replay.generate(ask(`Write add.\nUse ${secret}.`))).text).toBe('first answer');
    expect((await replay.generate(ask('Write sub.'))).text).toBe('second answer');
    expect(server.requests.length).toBe(requestsBefore);
  });

  it('fails on a miss naming the first line of the prompt and the request hash', async () => {
    const replay = registry().resolve('replay:demo');
    const request = {
      messages: [{ role: 'user' as const, content: '\nImplement the payment webhook.\nDetails follow.' }],
    };
    const error = await replay.generate(request).catch((caught: unknown) => caught);
    expect(BatonError.isInstance(error) && error.code).toBe('REPLAY_MISS');
    expect(String((error as Error).message)).toContain('"Implement the payment webhook."');
    expect(String((error as Error).message)).toContain(requestKey(request).slice(0, 12));
  });

  it('refuses to replay an answer that was stored redacted, since it is not the code the model wrote', async () => {
    server.enqueue(
      fakeResponses.reply(`const key = '${secret}';`),
      fakeResponses.reply('const key = process.env.KEY;'),
    );
    const recorder = registry().resolve('compatible:local', { record: 'secrets' });
    const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });
    await recorder.generate(ask('Write the client.'));
    await recorder.generate(ask('Write the client again.'));
    const cassette = readCassette(join(root, '.baton', 'cassettes', 'secrets.json'));
    expect(cassette.interactions.map((interaction) => interaction.redacted)).toEqual([true, undefined]);
    const replay = registry().resolve('replay:secrets');
    const error = await replay.generate(ask('Write the client.')).catch((caught: unknown) => caught);
    expect(BatonError.isInstance(error) && error.code).toBe('REPLAY_REDACTED');
    expect(String((error as Error).message)).toContain('"Write the client."');
    expect((await replay.generate(ask('Write the client again.'))).text).toBe('const key = process.env.KEY;');
  });

  it('refuses a missing or malformed cassette with CASSETTE_INVALID naming the file', () => {
    expect(() => registry().resolve('replay:nothing-here')).toThrow(
      /Cassette not found: .*nothing-here\.json/,
    );
    const broken = join(root, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({ format: 'baton-cassette', version: 1, interactions: [{ key: 'x' }] }),
    );
    expect(() => registry().resolve(`replay:${broken}`)).toThrow(
      /broken\.json is malformed at interactions\.0\.key/,
    );
  });

  it('hashes requests canonically: key order and call-only fields do not matter, content does', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    const base = {
      messages: [{ role: 'user' as const, content: 'hi' }],
      output: { schema: { type: 'object', required: ['a'] } },
    };
    const reordered = {
      output: { schema: { required: ['a'], type: 'object' } },
      messages: [{ content: 'hi', role: 'user' as const }],
    };
    expect(requestKey(reordered)).toBe(requestKey(base));
    expect(requestKey({ ...base, signal: new AbortController().signal, context: { runId: 'run_1' } })).toBe(
      requestKey(base),
    );
    expect(requestKey({ ...base, messages: [{ role: 'user', content: 'hi ' }] })).not.toBe(requestKey(base));
    expect(requestKey({ ...base, temperature: 0 })).not.toBe(requestKey(base));
  });

  it('resolves cassette names under the data folder and paths against the root', () => {
    expect(cassettePath('demo', '/project', '/project/.baton')).toBe('/project/.baton/cassettes/demo.json');
    expect(cassettePath('fixtures/a.json', '/project', '/project/.baton')).toBe('/project/fixtures/a.json');
    expect(cassettePath('/abs/b.json', '/project', '/project/.baton')).toBe('/abs/b.json');
  });
});
