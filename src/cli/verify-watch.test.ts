import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BatonError } from '../core/errors.js';
import type { VerifyReport } from '../verify/index.js';
import { watchAndVerify } from './verify-watch.js';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function report(): VerifyReport {
  return {
    root: '/',
    findings: [],
    checks: [],
    filesVerified: 1,
    engine: 'typescript',
    compiler: { version: '6.0.3', source: 'bundled', apiVersion: '6.0.3' },
    scope: 'tsconfig',
    notices: [],
    durationMs: 1,
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('baton verify --watch', () => {
  it('reports a run that fails and verifies again on the next edit', async () => {
    root = mkdtempSync(join(tmpdir(), 'baton-watch-'));
    const directory = root;
    writeFileSync(join(directory, 'a.ts'), 'export const a = 1;\n');
    let runs = 0;
    const emitted: number[] = [];
    let stderr = '';
    const stop = new AbortController();
    const session = {
      async run() {
        runs += 1;
        if (runs === 2) {
          throw new BatonError({
            code: 'CONFIG_INVALID',
            message: 'tsconfig.json is not valid JSON.',
            hint: 'Fix the file.',
          });
        }
        if (runs === 3) throw new TypeError('a check threw');
        return report();
      },
    };
    const watching = watchAndVerify({
      session,
      root: directory,
      isVerifiableFile: (file) => file.endsWith('.ts'),
      emit: async () => void emitted.push(runs),
      stderr: { write: (text: string) => (stderr += text) },
      signal: stop.signal,
      debounceMs: 20,
    });
    await until(() => stderr.includes('Watching for changes'), 'the watcher');
    for (const [value, wanted] of [
      [2, 2],
      [3, 3],
      [4, 4],
    ] as const) {
      writeFileSync(join(directory, 'a.ts'), `export const a = ${value};\n`);
      await until(() => runs >= wanted, `run ${wanted}`);
    }
    await until(() => emitted.includes(4), 'the fourth report');
    stop.abort();
    await watching;
    expect(emitted).toEqual([1, 4]);
    expect(stderr).toContain(
      'error: this verification failed: tsconfig.json is not valid JSON.\nhint: Fix the file.',
    );
    expect(stderr).toContain('error: this verification failed: a check threw');
    expect(stderr.match(/Still watching/g)).toHaveLength(2);
  });
});
