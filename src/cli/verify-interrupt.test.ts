import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../verify/__fixtures__/fixture-project.js';

const baton = new URL('../../bin/baton.js', import.meta.url).pathname;

beforeAll(() => {
  if (!existsSync(new URL('../../dist/workspace/sandbox-process.js', import.meta.url))) {
    throw new Error('These tests run the built CLI in a child process: run `npm run build` first.');
  }
});

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

/** Processes whose command line holds `token`. */
function processesWith(token: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(token);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Ctrl-C on baton verify', () => {
  it('says which check was cut short, records nothing, and stops the sandboxed tests', async () => {
    const token = `baton-hanging-suite-${process.pid}`;
    project = createFixtureProject({
      linkNodeModules: false,
      files: {
        'package.json': JSON.stringify({ name: 'app', type: 'module' }),
        'baton.config.json': JSON.stringify({
          testCommand: `node -e "setInterval(() => {}, 1000)" ${token}`,
        }),
        'src/index.js': 'export const one = 1;\n',
      },
    });
    const child = spawn(process.execPath, [baton, 'verify', '--checks', 'tests'], {
      cwd: project.root,
      env: { PATH: process.env.PATH ?? '', HOME: project.root },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await until(() => processesWith(token).length > 0, 'the test suite to start');
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain(
      'Cancelled baton verify while tests had not finished: no report was written and nothing was recorded in the ledger.',
    );
    await until(() => processesWith(token).length === 0, 'the test suite to stop');
    expect(existsSync(join(project.root, '.baton', 'ledger.db'))).toBe(false);
  }, 60_000);
});
