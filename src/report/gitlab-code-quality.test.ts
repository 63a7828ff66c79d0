import { describe, expect, it } from 'vitest';
import type { Finding } from '../verify/finding.js';
import { formatGitlabCodeQuality, toGitlabCodeQuality } from './gitlab-code-quality.js';

function finding(overrides: Partial<Finding>): Finding {
  return {
    checkId: 'security',
    ruleId: 'security/sql-injection',
    severity: 'error',
    file: 'src/db.ts',
    range: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 40 },
    message: 'A query built by string concatenation.',
    hint: 'Pass the values as parameters.',
    ...overrides,
  };
}

// The fields GitLab's Code Quality report format requires of each issue, with its severity names.
const gitlabSeverities = ['info', 'minor', 'major', 'critical', 'blocker'];

describe('GitLab Code Quality report', () => {
  it('writes a JSON array of issues with the fields GitLab requires', () => {
    const issues = JSON.parse(
      formatGitlabCodeQuality([finding({}), finding({ severity: 'warning', file: 'src/other.ts' })]),
    ) as Record<string, unknown>[];
    expect(issues).toHaveLength(2);
    for (const issue of issues) {
      expect(Object.keys(issue).sort()).toEqual([
        'check_name',
        'description',
        'fingerprint',
        'location',
        'severity',
      ]);
      expect(gitlabSeverities).toContain(issue.severity);
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(issues[0]).toEqual({
      description: 'A query built by string concatenation. (hint: Pass the values as parameters.)',
      check_name: 'security/sql-injection',
      fingerprint: expect.any(String),
      severity: 'major',
      location: { path: 'src/db.ts', lines: { begin: 12 } },
    });
    expect(issues[1]?.severity).toBe('minor');
  });

  it('keeps a fingerprint when the code above moves, and tells the same finding twice apart', () => {
    const [before] = toGitlabCodeQuality([finding({})]);
    const [after] = toGitlabCodeQuality([
      finding({ range: { startLine: 30, startColumn: 5, endLine: 30, endColumn: 40 } }),
    ]);
    expect(after?.fingerprint).toBe(before?.fingerprint);
    const twice = toGitlabCodeQuality([
      finding({}),
      finding({ range: { startLine: 50, startColumn: 1, endLine: 50, endColumn: 9 } }),
    ]);
    expect(new Set(twice.map((issue) => issue.fingerprint)).size).toBe(2);
  });

  it('writes an empty array when there is nothing to report', () => {
    expect(formatGitlabCodeQuality([])).toBe('[]\n');
  });
});
