import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';

let directory: string | undefined;
afterEach(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe('baton plan check on a file that is not text', () => {
  it('refuses a binary file by name and prints none of its bytes', async () => {
    directory = mkdtempSync(join(tmpdir(), 'baton-plan-input-'));
    const bytes = Buffer.alloc(100_000);
    for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 7) % 256;
    writeFileSync(join(directory, 'logo.png'), bytes);
    const run = await runBaton(['plan', 'check', 'logo.png'], directory);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'error PLAN_INVALID: logo.png is a binary file (a zero byte at offset 0), not a plan.',
    );
    expect(run.stderr.length).toBeLessThan(500);
  });

  it('refuses text that is not UTF-8, naming the line', async () => {
    directory = mkdtempSync(join(tmpdir(), 'baton-plan-input-'));
    const latin1 = Buffer.concat([
      Buffer.from('feature:\n  name: Pr'),
      Buffer.from([0xe9]),
      Buffer.from('f\n'),
    ]);
    writeFileSync(join(directory, 'plan.yaml'), latin1);
    const run = await runBaton(['plan', 'check', 'plan.yaml'], directory);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      'error PLAN_INVALID: plan.yaml is not UTF-8 text: line 2 has the first byte that does not decode.',
    );
    expect(run.stderr).toContain('iconv');
  });
});
