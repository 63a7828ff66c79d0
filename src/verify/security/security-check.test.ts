import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import { verify } from '../verify.js';

const manifest = JSON.stringify({ name: 'app', type: 'module', dependencies: { pg: '*' } });
const tsconfig = JSON.stringify({
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    strict: true,
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['src'],
});
const cleanProject = {
  'package.json': manifest,
  'tsconfig.json': tsconfig,
  'src/users.ts':
    "import type { Pool } from 'pg';\nexport async function findUser(pool: Pool, id: string) {\n  return pool.query('SELECT * FROM users WHERE id = $1', [id]);\n}\n",
};

// The shared check contract runs for this check with every built-in check, in ../checks.test.ts.
describe('security check settings', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = createFixtureProject({
      files: {
        ...cleanProject,
        'src/cli.ts': [
          "import { execSync } from 'node:child_process';",
          'export function archive(folder: string) {',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture's source holds a template literal.
          '  execSync(`tar -czf backup.tgz ${folder}`);',
          '}',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture's source holds a template literal.
          'execSync(`pg_dump ${process.env.DATABASE_NAME}`);',
          '',
        ].join('\n'),
      },
    });
  });
  afterAll(() => project.remove());

  const run = (security: Record<string, boolean>) =>
    verify({ root: project.root, checks: ['security'], nativeCompiler: 'off', security });

  it('treats parameters of exported functions as sources in library mode, and not without it', async () => {
    const withLibrary = await run({ eslint: false });
    expect(
      withLibrary.findings.map((finding) => [finding.range.startLine, finding.ruleId, finding.cwe]),
    ).toEqual([[3, 'security/command-injection', 'CWE-78']]);
    expect(withLibrary.findings[0]?.message).toBe(
      'A shell command is built from parameter folder of exported function archive: folder (line 2) → child_process.execSync (line 3).',
    );
    expect((await run({ eslint: false, libraryMode: false })).findings).toEqual([]);
  });

  it('reads process.env as a source only when envSources is on', async () => {
    const findings = (await run({ eslint: false, libraryMode: false, envSources: true })).findings;
    expect(findings.map((finding) => [finding.range.startLine, finding.ruleId])).toEqual([
      [5, 'security/command-injection'],
    ]);
    expect(findings[0]?.message).toContain('environment variables: process.env.DATABASE_NAME (line 5)');
  });
});

describe('security check: Trojan Source', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = createFixtureProject({
      files: {
        ...cleanProject,
        'src/access.ts': `export function isAdmin(level: string) {\n  return level !== 'user\u202E \u2066// admin only\u2069 \u2066';\n}\n`,
        'src/greeting.ts': "export const greeting = 'שלום \\u202E';\n",
      },
    });
  });
  afterAll(() => project.remove());

  it('reports bidirectional control characters from its own scan, with ESLint off, and not their escapes', async () => {
    const report = await verify({
      root: project.root,
      checks: ['security'],
      nativeCompiler: 'off',
      security: { eslint: false },
    });
    expect(report.findings.map((finding) => [finding.file, finding.range.startLine, finding.ruleId])).toEqual(
      [['src/access.ts', 2, 'security/trojan-source']],
    );
    expect(report.findings[0]?.cwe).toBe('CWE-451');
  });
});
