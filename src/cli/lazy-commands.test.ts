import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from './commands/index.js';

const baton = new URL('../../bin/baton.js', import.meta.url).pathname;
let hooks: string;

beforeAll(() => {
  if (!existsSync(new URL('../../dist/cli/commands/commands.json', import.meta.url))) {
    throw new Error('These tests run the built CLI: run `npm run build` first.');
  }
  // A loader hook that names every module the process loads, on stderr.
  hooks = mkdtempSync(join(tmpdir(), 'baton-hooks-'));
  writeFileSync(
    join(hooks, 'hooks.mjs'),
    "export async function load(url, context, next) { process.stderr.write('loaded ' + url + '\\n'); return next(url, context); }\n",
  );
  writeFileSync(
    join(hooks, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${join(hooks, 'hooks.mjs')}`)});\n`,
  );
});
afterAll(() => rmSync(hooks, { recursive: true, force: true }));

function loadedBy(args: string[]): { stdout: string; loaded: string[] } {
  const result = spawnSync(process.execPath, ['--import', join(hooks, 'register.mjs'), baton, ...args], {
    encoding: 'utf8',
  });
  const loaded = result.stderr
    .split('\n')
    .filter((line) => line.startsWith('loaded '))
    .map((line) => line.slice('loaded '.length));
  return { stdout: result.stdout, loaded };
}

describe('the CLI loads a command only when it runs', () => {
  it('`baton --help` lists every command and loads no command module, no zod and no TypeScript', () => {
    const { stdout, loaded } = loadedBy(['--help']);
    for (const definition of commands) expect(stdout).toContain(definition.name.split(' ')[0]);
    expect(loaded.filter((url) => url.includes('/dist/cli/commands/'))).toEqual([]);
    expect(loaded.filter((url) => /node_modules\/(zod|typescript)\//.test(url))).toEqual([]);
    // The help comes from the text the build rendered: the program (and commander) is not built at all.
    expect(loaded.filter((url) => url.endsWith('/dist/cli/main.js'))).toEqual([]);
  });

  it('a command loads its own module when it runs', () => {
    const { stdout, loaded } = loadedBy(['plan', 'schema']);
    expect(stdout).toContain('"$schema"');
    expect(loaded.filter((url) => url.includes('/dist/cli/commands/'))).toEqual([
      expect.stringMatching(/dist\/cli\/commands\/plan-schema\.js$/),
    ]);
  });

  it('the manifest carries every command’s option declarations, types and help text as declared', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../dist/cli/commands/commands.json', import.meta.url), 'utf8'),
    ) as { commands: { name: string; description: string; options?: unknown }[] };
    expect(manifest.commands.map((entry) => entry.name)).toEqual(
      commands.map((definition) => definition.name),
    );
    for (const definition of commands) {
      const entry = manifest.commands.find((candidate) => candidate.name === definition.name);
      expect(entry?.description).toBe(definition.description);
      expect(entry?.options).toEqual(JSON.parse(JSON.stringify(definition.options ?? null)) ?? undefined);
    }
  });
});
