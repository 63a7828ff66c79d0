import { describe, expect, it } from 'vitest';
import { createBuiltInChecks } from '../verify/index.js';
import { requiredChecks } from './required-checks.js';

const installed = createBuiltInChecks();

describe('requiredChecks', () => {
  it('adds security and performance for any source a component touches, whatever triage said', () => {
    for (const verdict of ['orchestrate', undefined] as const) {
      expect(
        requiredChecks({ kind: 'api', verdict, installed, touchedFiles: ['/repo/src/routes/users.ts'] }),
      ).toEqual({ run: ['types', 'api', 'tests', 'performance', 'security'], unavailable: [], excluded: [] });
    }
  });

  it('adds sql for migrations and nothing for files no check reads', () => {
    expect(
      requiredChecks({
        kind: 'ui',
        verdict: 'orchestrate',
        installed,
        touchedFiles: ['/repo/migrations/003_add_index.sql', '/repo/README.md'],
      }).run,
    ).toEqual(['types', 'api', 'sql']);
  });

  it('lets triage only add: orchestrate+verify runs every installed check', () => {
    const checks = requiredChecks({
      kind: 'test',
      verdict: 'orchestrate+verify',
      installed,
      touchedFiles: ['/repo/test/users.test.ts'],
    });
    expect(checks.run).toEqual(['tests', 'types', 'api', 'sql', 'performance', 'security', 'edge-cases']);
  });

  it('leaves out what verify.checks leaves out, and says so', () => {
    expect(
      requiredChecks({
        kind: 'schema',
        verdict: 'orchestrate',
        installed,
        touchedFiles: ['/repo/src/db.ts', '/repo/migrations/001.sql'],
        configured: ['types', 'api', 'security'],
      }),
    ).toEqual({ run: ['types', 'api', 'security'], unavailable: [], excluded: ['sql', 'performance'] });
  });

  it('names a kind check that is not installed, but not an added one', () => {
    const onlyTypes = installed.filter((check) => check.id === 'types');
    expect(
      requiredChecks({
        kind: 'api',
        verdict: undefined,
        installed: onlyTypes,
        touchedFiles: ['/repo/src/a.ts'],
      }),
    ).toEqual({ run: ['types'], unavailable: ['api', 'tests'], excluded: [] });
  });
});
