import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findEnvironmentCause, findMissingEnvironmentVariable } from './environment-causes.js';

describe('findEnvironmentCause', () => {
  it('names a program that is not installed, in the shapes shells and spawn print', () => {
    for (const output of [
      'sh: 1: pnpm: not found',
      'bash: pnpm: command not found',
      'Error: spawn pnpm ENOENT',
    ])
      expect(findEnvironmentCause(output, 127)).toMatchObject({
        id: 'missing-program',
        reason: '`pnpm` is not installed (or not on PATH)',
      });
    expect(findEnvironmentCause('', 127)?.id).toBe('missing-program');
  });

  it('recognises a missing .env, an ungenerated Prisma client and uninstalled dependencies', () => {
    expect(
      findEnvironmentCause("Error: ENOENT: no such file or directory, open '/srv/app/.env'", 1)?.id,
    ).toBe('missing-env-file');
    // Node's --env-file names the file as if it were a program; it is still the missing .env.
    expect(
      findEnvironmentCause('> tsx --env-file=.env ./scripts/seed.ts\n\nnode: .env: not found\n', 9)?.id,
    ).toBe('missing-env-file');
    expect(
      findEnvironmentCause(
        'Error: @prisma/client did not initialize yet. Please run "prisma generate" and try to import it again.',
        1,
      )?.id,
    ).toBe('ungenerated-client');
    expect(findEnvironmentCause("Error: Cannot find module 'express'", 1)?.reason).toContain('`express`');
    expect(
      findEnvironmentCause("Error: Cannot find package '@scope/kit' imported from /a.js", 1)?.reason,
    ).toContain('`@scope/kit`');
  });

  it('recognises a module in the wrong format only where the caller loads modules itself', () => {
    const output = 'ReferenceError: require is not defined in ES module scope, you can use import instead';
    expect(findEnvironmentCause(output, 1)).toBeUndefined();
    expect(findEnvironmentCause(output, 1, { moduleFormat: true })?.id).toBe('module-format');
  });

  it('leaves failures of the code alone', () => {
    for (const output of [
      "AssertionError: expected 'User not found' to equal 'ok'",
      "Error: Cannot find module './missing-file.js'",
      "TypeError: Cannot read properties of undefined (reading 'env')",
      'ENOENT: no such file or directory, open config/settings.json',
    ])
      expect(findEnvironmentCause(output, 1)).toBeUndefined();
  });
});

describe('findMissingEnvironmentVariable', () => {
  it('names a variable the example env file declares when the output says it is missing and there is no .env', () => {
    const root = mkdtempSync(join(tmpdir(), 'baton-env-'));
    try {
      writeFileSync(join(root, '.env.sample'), 'export QUEUE_HOST=localhost\nPORT=8080\n');
      const output = 'Error: settings check failed: "QUEUE_HOST" is required\n    at load (settings.js:4:9)';
      expect(findMissingEnvironmentVariable(output, root)).toMatchObject({
        id: 'missing-env-file',
        reason: expect.stringContaining('`QUEUE_HOST`'),
      });
      // A line that names the variable without saying it is absent is the code's business.
      expect(findMissingEnvironmentVariable('expected QUEUE_HOST to equal "a"', root)).toBeUndefined();
      expect(findMissingEnvironmentVariable('"LOG_LEVEL" is required', root)).toBeUndefined();
      writeFileSync(join(root, '.env'), 'QUEUE_HOST=\n');
      expect(findMissingEnvironmentVariable(output, root)).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says nothing for a project without an example env file', () => {
    const root = mkdtempSync(join(tmpdir(), 'baton-env-'));
    try {
      expect(findMissingEnvironmentVariable('"QUEUE_HOST" is required', root)).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
