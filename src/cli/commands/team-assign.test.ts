import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { openSqliteLedger } from '../../ledger/index.js';

const plan = `# Preferences, staffed by the team
version: 1
feature:
  name: Preferences
components:
  - id: session   # touches auth
    title: Session check for the preferences routes
    kind: api
    files: [src/auth/session.ts]
    acceptance: [{ criterion: rejects a missing session, command: "true" }]
    estimateHours: 3
  - id: form
    title: Preferences form
    kind: ui
    files: [web/form.tsx]
    acceptance: [{ criterion: renders, command: "true" }]
    estimateHours: 1
  - id: rules
    title: Category rules
    kind: other
    files: [src/rules.ts]
    acceptance: [{ criterion: applies rules, command: "true" }]
    risks: [domain-specific-logic]
    estimateHours: 2
`;

const config = (people: string) => `export default { person: 'Ada', team: { people: [${people}] } };\n`;

let repository: TemporaryRepository;
beforeEach(() => {
  repository = createTemporaryRepository({
    'plan.yaml': plan,
    'src/auth/session.ts': 'export {};\n',
    'web/form.tsx': 'export {};\n',
    'src/rules.ts': 'export {};\n',
    'baton.config.ts': config(
      "{ name: 'Ada', role: 'senior', capacityHours: 10 }, { name: 'Ben', role: 'mid', capacityHours: 10 }, { name: 'Jo', role: 'junior', capacityHours: 4 }",
    ),
  });
  repository.git('add', '.');
  repository.git('commit', '-qm', 'start');
});
afterEach(() => repository.remove());

describe('baton team assign', () => {
  it('prints owners with reasons on a dry run and changes nothing', async () => {
    const result = await runBaton(['team', 'assign', 'plan.yaml', '--dry-run'], repository.root);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatchInlineSnapshot(`
      "session → Ada (senior)
          orchestrate+verify for security-sensitive: senior work; Ada (senior) had 10 h of 10 h free, the most of any senior who could take it, for its 3 h
      form → Jo (junior)
          orchestrate with no risk flag: simple enough for a junior; Jo (junior) had 4 h of 4 h free, the most of any junior who could take it, for its 1 h
      rules → Ben (mid)
          write-directly for domain-specific-logic: a standard feature for a mid-level; Ben (mid-level) had 10 h of 10 h free, the most of any mid-level who could take it, for its 2 h
      Dry run: the plan and the ledger were not changed.
      "
    `);
    expect(readFileSync(join(repository.root, 'plan.yaml'), 'utf8')).toBe(plan);
  });

  it('writes owners into the plan keeping its comments, and counts them as load next time', async () => {
    const result = await runBaton(['team', 'assign', 'plan.yaml'], repository.root);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const written = readFileSync(join(repository.root, 'plan.yaml'), 'utf8');
    expect(written).toContain('  - id: session   # touches auth\n    owner: Ada\n    title:');
    expect(written).toContain('  - id: form\n    owner: Jo\n');
    expect(written).toContain('  - id: rules\n    owner: Ben\n');
    expect(written.replace(/\n {4}owner: \w+/g, '')).toBe(plan);

    // A second plan: Ada has 3 of her 10 hours open on the first, so 8 hours of senior work cannot fit.
    repository.write(
      'second.yaml',
      plan
        .replace('name: Preferences', 'name: Audit log')
        .replace('estimateHours: 3', 'estimateHours: 8')
        .replace(/id: (\w+)/g, 'id: audit-$1'),
    );
    const second = await runBaton(['team', 'assign', 'second.yaml', '--dry-run'], repository.root);
    expect(second.exitCode).toBe(1);
    expect(second.stdout).toContain('Open hours before this plan: Ada 3 h, Ben 2 h, Jo 1 h.');
    expect(second.stdout).toContain('audit-session → no one');
    expect(second.stdout).toContain('every senior is at capacity for its 8 h: Ada has 7 h of 10 h free');
    expect(second.stdout).toContain('The team cannot staff 1 component under the rules: audit-session.');

    // Once the first plan's session component is done in the ledger, Ada's hours are free again.
    const ledger = await openSqliteLedger({ path: join(repository.root, '.baton', 'ledger.db') });
    await ledger.insert('plans', [
      {
        id: 'pln_1',
        feature: 'Preferences',
        sourcePath: 'plan.yaml',
        contentHash: 'h',
        document: '{}',
        createdAt: '2026-12-01T00:00:00.000Z',
      },
    ]);
    await ledger.insert('components', [
      {
        id: 'cmp_1',
        planId: 'pln_1',
        key: 'session',
        title: 'Session',
        kind: 'api',
        triage: 'orchestrate+verify',
        ownerRole: 'senior',
        estimateHours: 3,
        status: 'done',
        triageReasons: null,
        statusReason: null,
        createdAt: '2026-12-01T00:00:00.000Z',
        updatedAt: '2026-12-01T00:00:00.000Z',
      },
    ]);
    await ledger.close();
    const third = await runBaton(['team', 'assign', 'second.yaml', '--dry-run'], repository.root);
    expect(third.exitCode).toBe(0);
    expect(third.stdout).toContain('audit-session → Ada (senior)');
  });

  it('names where the plan gives a component to someone not on the team, and reassigns it', async () => {
    repository.write(
      'plan.yaml',
      plan.replace('    estimateHours: 1\n', '    estimateHours: 1\n    owner: Zed\n'),
    );
    const result = await runBaton(['team', 'assign', 'plan.yaml', '--dry-run'], repository.root);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      'form → Jo (junior)\n    the plan\'s owner "Zed" (plan.yaml:18:12) is not on the team; orchestrate with no risk flag',
    );
  });

  it('explains what to add when the team is empty', async () => {
    repository.write('baton.config.ts', config(''));
    const result = await runBaton(['team', 'assign', 'plan.yaml'], repository.root);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('No one is on the team, so there is no one to give components to.');
    expect(result.stderr).toContain('baton team add');
  });
});
