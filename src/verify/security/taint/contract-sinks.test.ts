import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import type { Finding } from '../../finding.js';
import { type VerifyReport, verify } from '../../verify.js';
import { contractsInTexts, kindNamedBy } from './contract-sinks.js';

/** Functions whose JSDoc says what they return, each with a twin that keeps the promise. */
const byJsDoc = `
import escapeHtml from 'escape-html';
/** A greeting card. @returns {string} HTML for the card */
export function renderCard(name: string): string {
  return '<p class="card">' + name + '</p>';
}
/** A greeting card. @returns {string} HTML for the card */
export function renderCardEscaped(name: string): string {
  return '<p class="card">' + escapeHtml(name) + '</p>';
}
/** @returns SQL text that selects one user */
export function userQuery(id: string): string {
  return "SELECT * FROM users WHERE id = '" + id + "'";
}
/** @returns SQL text that selects one user */
export function userQueryNumeric(id: string): string {
  return 'SELECT * FROM users WHERE id = ' + Number(id);
}
/** @returns the log line for a login */
export const loginLine = (user: string): string => \`login by \${user}\`;
/** @returns the log line for a login */
export const loginLineStripped = (user: string): string => \`login by \${user.replace(/[\\r\\n]/g, '')}\`;
/** @returns the shell command that archives a folder */
export function archiveCommand(folder: string): string {
  return \`tar -czf backup.tgz \${folder}\`;
}
/** @returns the shell command that archives a folder */
export function archiveCommandChecked(folder: string): string {
  if (!/^[a-z0-9_-]+$/.test(folder)) throw new Error('bad folder');
  return \`tar -czf backup.tgz \${folder}\`;
}
/** @returns the URL of the avatar service for a host */
export function avatarUrl(host: string): string {
  return 'https://' + host + '/avatar.png';
}
/** @returns the URL of the avatar for a user */
export function avatarUrlFixedHost(user: string): string {
  return 'https://avatars.example.com/u/' + encodeURIComponent(user);
}
/** @returns the URL of this site's feed */
export function feedUrl(request: import('express').Request): string {
  return 'https://' + request.get('x-forwarded-host') + '/feed.xml';
}
/** @returns the URL of this site's feed */
export function feedUrlFixedHost(request: import('express').Request): string {
  return 'https://example.com/feed.xml?from=' + encodeURIComponent(String(request.query.from));
}
export function describeCard(name: string): string {
  return '<p>' + name + '</p>';
}
`;

/** The same kind of function with nothing in its JSDoc: the plan's criterion is the contract. */
const byPlan = `
export function badgeMarkup(label: string): string {
  return '<span class="badge">' + label + '</span>';
}
export function badgeTitle(label: string): string {
  return 'Badge: ' + label;
}
`;

const plan = [
  'feature:',
  '  name: Badges',
  'components:',
  '  - id: badges',
  '    title: Badge rendering',
  '    kind: ui',
  '    files: [src/**]',
  '    acceptance:',
  '      - "`badgeMarkup` returns the HTML of one badge"',
  '      - badgeTitle returns a plain title',
  '',
].join('\n');

describe('a function whose JSDoc or plan criterion says what it returns is checked as that sink', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  let withPlan: VerifyReport;
  const lines = (result: VerifyReport, file: string): [number, string][] =>
    result.findings
      .filter((finding: Finding) => finding.file === file && finding.checkId === 'security')
      .map((finding): [number, string] => [finding.range.startLine, finding.ruleId])
      .sort(([left], [right]) => left - right);

  beforeAll(async () => {
    project = createTypedProject({
      'src/contracts.ts': byJsDoc,
      'src/badges.ts': byPlan,
      'plan.yaml': plan,
    });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
    withPlan = await verify({
      root: project.root,
      checks: ['security'],
      nativeCompiler: 'off',
      fuzz: 'off',
      component: {
        id: 'badges',
        planFile: join(project.root, 'plan.yaml'),
        planRoot: project.root,
        edgeCases: [],
      },
    });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports a parameter spliced unescaped into the promised HTML, SQL, log line or command, request data in the host of a promised URL, and not their twins', () => {
    expect(lines(report, 'src/contracts.ts')).toEqual([
      [5, 'security/xss'],
      [13, 'security/sql-injection'],
      [20, 'security/log-injection'],
      [25, 'security/command-injection'],
      [42, 'security/ssrf'],
    ]);
    const xss = report.findings.find((finding) => finding.range.startLine === 5);
    expect(xss?.message).toContain('the return value of renderCard, which its JSDoc @returns says');
  });

  it('takes the contract from the plan criterion of the component verified, and only then', () => {
    expect(lines(report, 'src/badges.ts')).toEqual([]);
    expect(lines(withPlan, 'src/badges.ts')).toEqual([[3, 'security/xss']]);
    const finding = withPlan.findings.find((item) => item.file === 'src/badges.ts');
    expect(finding?.message).toContain('the plan says "`badgeMarkup` returns the HTML of one badge"');
  });

  it('reads the kind of text from the words of a criterion', () => {
    expect(kindNamedBy('the SQL text of the report query')).toBe('sql');
    expect(kindNamedBy('a plain title')).toBeUndefined();
    expect([
      ...contractsInTexts(['renderRow() returns markup for a row; rowCount returns a number']),
    ]).toEqual([
      ['renderRow', { kind: 'html', source: 'the plan says "renderRow() returns markup for a row"' }],
    ]);
  });
});
