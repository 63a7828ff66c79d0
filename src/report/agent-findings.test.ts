import { describe, expect, it } from 'vitest';
import type { Finding } from '../verify/finding.js';
import { formatAgentFindings } from './agent-findings.js';

function finding(overrides: Partial<Finding>): Finding {
  return {
    checkId: 'api',
    ruleId: 'api/missing-member',
    severity: 'error',
    file: 'src/index.ts',
    range: { startLine: 3, startColumn: 20, endLine: 3, endColumn: 25 },
    message: '"strng" does not exist on module z.',
    hint: 'Use "string".',
    checkedAgainst: 'zod@4.1.0',
    ...overrides,
  };
}

describe('findings for an agent', () => {
  it('says PASSED when there is nothing to fix', () => {
    expect(formatAgentFindings([], { failOn: 'error' })).toBe('PASSED: baton verify found nothing to fix.\n');
  });

  it('puts the verdict first and blocking findings before the rest, each with its fix and version', () => {
    const text = formatAgentFindings(
      [finding({ severity: 'warning', ruleId: 'performance/n-plus-one', file: 'src/a.ts' }), finding({})],
      { failOn: 'error' },
    );
    expect(text.split('\n').slice(0, 3)).toEqual([
      'FAILED: 1 blocking finding (fail-on error). Fix each one in the code, then run `baton verify --changed HEAD --format agent` again. Do not silence a check or delete a test to pass.',
      '- src/index.ts:3:20 BLOCKING api/missing-member: "strng" does not exist on module z. (checked against zod@4.1.0)',
      '    fix: Use "string".',
    ]);
    expect(text).toContain('- src/a.ts:3:20 warning performance/n-plus-one');
  });

  it('cuts a long list with a note on how to get the rest', () => {
    const many = Array.from({ length: 35 }, (_, index) =>
      finding({ range: { startLine: index + 1, startColumn: 1, endLine: index + 1, endColumn: 2 } }),
    );
    const text = formatAgentFindings(many, { failOn: 'error', limit: 30 });
    expect(text.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(30);
    expect(text).toContain('… 5 more not shown; `baton verify --format json` lists them all.');
  });
});
