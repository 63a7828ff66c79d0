import { describe, expect, it } from 'vitest';
import { type RepairFinding, renderRepairPrompt, renderReviewedRepairPrompt } from './repair-prompt.js';

const component = { id: 'preferences-api', title: 'GET/PUT endpoints' };

function finding(
  fields: Partial<RepairFinding> & Pick<RepairFinding, 'checkId' | 'ruleId' | 'severity'>,
): RepairFinding {
  return { file: null, line: null, column: null, message: 'message', hint: null, ...fields };
}

// A gate result as the ledger stores it, in the (random-id) order the ledger returns it.
const gateFindings: RepairFinding[] = [
  finding({
    checkId: 'types',
    ruleId: 'types/implicit-any',
    severity: 'warning',
    file: 'src/routes.ts',
    line: 4,
    column: 9,
    message: 'Parameter "body" implicitly has an "any" type.',
  }),
  finding({
    checkId: 'edge-cases',
    ruleId: 'edge-cases/test-failed',
    severity: 'error',
    file: 'test/preferences.test.ts',
    line: 31,
    message:
      'Edge case "unknown user" is traced to "rejects an unknown user", which fails: expected 404, got 500.',
    hint: 'Make the code handle the edge case so that the test passes.',
  }),
  finding({
    checkId: 'performance',
    ruleId: 'performance/query-in-loop',
    severity: 'note',
    file: 'src/repository.ts',
    line: 40,
    message: 'A query runs once per item.\nMove it out of the loop.',
  }),
  finding({
    checkId: 'security',
    ruleId: 'security/sql-injection',
    severity: 'error',
    file: 'src/repository.ts',
    line: 12,
    column: 20,
    message: 'User input reaches the SQL text of "db.query".',
    hint: 'Pass the value as a bound parameter.',
  }),
  finding({
    checkId: 'tests',
    ruleId: 'tests/failed',
    severity: 'error',
    file: 'test/preferences.test.ts',
    line: 31,
    column: 3,
    message:
      'Test "rejects an unknown user" failed: AssertionError: expected 404, got 500\n    at test/preferences.test.ts:31:3',
    hint: 'Fix the code under test so that it meets the requirement the test states.',
  }),
  finding({
    checkId: 'types',
    ruleId: 'types/unused-variable',
    severity: 'warning',
    file: 'src/routes.ts',
    line: 2,
    message: '"unused" is declared but never read.',
  }),
  finding({
    checkId: 'api',
    ruleId: 'api/missing-export',
    severity: 'error',
    file: 'src/routes.ts',
    line: 1,
    column: 10,
    message: '"./auth.js" has no export "requireUser".',
    hint: 'Export it from src/auth.ts or import an existing name.',
  }),
  finding({
    checkId: 'sql',
    ruleId: 'sql/missing-index',
    severity: 'note',
    file: 'migrations/001.sql',
    line: 3,
  }),
];

describe('renderRepairPrompt', () => {
  const prompt = renderRepairPrompt(component, 1, gateFindings, 'error');

  it('leads with every blocking finding in full, in a fixed order, before the rest', () => {
    expect(prompt.split('\n')[0]).toBe(
      'Attempt 1 at "GET/PUT endpoints" (preferences-api) did not pass the verification gate. Fix every blocking finding below (severity error or worse):',
    );
    const api = prompt.indexOf(
      '- src/routes.ts:1:10 [api/missing-export] error: "./auth.js" has no export "requireUser".',
    );
    const security = prompt.indexOf('- src/repository.ts:12:20 [security/sql-injection] error:');
    const test = prompt.indexOf(
      '- test/preferences.test.ts:31:3 [tests/failed] error: Test "rejects an unknown user" failed',
    );
    const rest = prompt.indexOf('Also reported, not blocking (4)');
    expect([api, security, test, rest].every((index) => index > 0)).toBe(true);
    expect(security).toBeLessThan(api);
    expect(api).toBeLessThan(test);
    expect(test).toBeLessThan(rest);
    expect(prompt).toContain('  hint: Pass the value as a bound parameter.');
    expect(prompt).toContain('AssertionError: expected 404, got 500\n    at test/preferences.test.ts:31:3');
  });

  it('shows a failing test reported by the tests and edge-cases checks once, naming both', () => {
    expect(prompt.match(/test\/preferences\.test\.ts:31/g)).toHaveLength(2);
    expect(prompt).toContain('  also reported by: edge-cases [edge-cases/test-failed]');
    expect(prompt).not.toContain('[edge-cases/test-failed] error:');
    const flipped = renderRepairPrompt(component, 1, [...gateFindings].reverse(), 'error');
    expect(flipped).toContain('[tests/failed] error: Test "rejects an unknown user" failed');
    expect(flipped).not.toContain('[edge-cases/test-failed] error:');
  });

  it('summarises the non-blocking rest by check and severity with a few one-line examples', () => {
    const summary = prompt.slice(prompt.indexOf('Also reported, not blocking'));
    expect(summary).toContain(
      [
        '- performance: 1 note',
        '- sql: 1 note',
        '- types: 2 warnings',
        '- e.g. src/routes.ts:2 [types/unused-variable] warning: "unused" is declared but never read.',
        '- e.g. src/routes.ts:4:9 [types/implicit-any] warning: Parameter "body" implicitly has an "any" type.',
        '- e.g. migrations/001.sql:3 [sql/missing-index] note: message',
      ].join('\n'),
    );
    expect(summary).not.toContain('query-in-loop');
    expect(prompt.trimEnd().endsWith('with your previous changes applied).')).toBe(true);
  });

  it('is the same bytes for the same findings in any order', () => {
    const shuffled = [3, 7, 1, 5, 0, 6, 2, 4].map((index) => gateFindings[index] as RepairFinding);
    expect(renderRepairPrompt(component, 1, shuffled, 'error')).toBe(prompt);
  });

  it('moves warnings into the blocking list when failOn is warning', () => {
    const strict = renderRepairPrompt(component, 2, gateFindings, 'warning');
    expect(strict).toContain('(severity warning or worse)');
    expect(strict.indexOf('[types/implicit-any] warning: Parameter')).toBeLessThan(
      strict.indexOf('Also reported'),
    );
    expect(strict).toContain('Also reported, not blocking (2)');
    expect(strict).toContain('- performance: 1 note\n- sql: 1 note\n- e.g. migrations/001.sql:3');
    expect(strict).toContain(
      '- e.g. src/repository.ts:40 [performance/query-in-loop] note: A query runs once per item. …',
    );
  });

  it('lists everything in full when nothing reached the threshold', () => {
    const relaxed = renderRepairPrompt(component, 1, gateFindings.slice(0, 1), 'none');
    expect(relaxed).toContain('No finding reached the fail threshold (none)');
    expect(relaxed).toContain('- src/routes.ts:4:9 [types/implicit-any] warning:');
    expect(renderRepairPrompt(component, 1, [], 'error')).toContain('The checks reported no finding');
  });

  it('keeps a reviewer rejection ahead of the gate findings', () => {
    const reviewed = renderReviewedRepairPrompt(
      component,
      1,
      gateFindings,
      'Reviewer: use requireUser.',
      'error',
    );
    expect(reviewed.startsWith('Reviewer: use requireUser.\n\nAttempt 1 at')).toBe(true);
    expect(reviewed).toContain('Fix every blocking finding below');
  });
});
