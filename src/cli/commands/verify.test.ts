import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { openSqliteLedger } from '../../ledger/index.js';
import { createFixtureProject, type FixtureProject } from '../../verify/__fixtures__/fixture-project.js';

const manifest = JSON.stringify({ name: 'app', type: 'module', dependencies: { zod: '*' } });
const tsconfig = JSON.stringify({
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    strict: true,
    skipLibCheck: true,
    types: [],
  },
  include: ['src'],
});
const clean = "import { z } from 'zod';\nexport const schema = z.object({ name: z.string() });\n";

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

function git(root: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
    cwd: root,
    stdio: 'ignore',
  });
}

describe('baton verify', () => {
  it('exits 0 on a clean project and says so', async () => {
    project = createFixtureProject({
      files: { 'package.json': manifest, 'tsconfig.json': tsconfig, 'src/index.ts': clean },
    });
    const run = await runBaton(['verify', '--checks', 'types,api'], project.root);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^no findings in 1 file \(types 1 file \d+ ms, api 1 file \d+ ms; compiler: TypeScript [\d.]+ \((project's|bundled)[^)]*\) via /,
    );
    expect(run.exitCode).toBe(0);
  });

  it('exits 1 with findings that name the file, line, rule, fix and version', async () => {
    project = createFixtureProject({
      files: {
        'package.json': manifest,
        'tsconfig.json': tsconfig,
        'src/index.ts': "import { z } from 'zod';\nexport const s = z.strng();\n",
      },
    });
    const run = await runBaton(['verify', '--checks', 'types,api'], project.root);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      'src/index.ts:2:20  error  api/missing-member  "strng" does not exist on module z. Did you mean "string"? (checked against zod@',
    );
    expect(run.stdout).toContain('    hint: Use "string".');
    expect(run.stdout).toMatch(/1 error in 1 file/);
  });

  it('keeps its findings, one check-end event per check and the debugging time in the ledger', async () => {
    project = createFixtureProject({
      files: {
        'package.json': manifest,
        'tsconfig.json': tsconfig,
        'src/index.ts': "import { z } from 'zod';\nexport const s = z.strng();\n",
      },
    });
    // Inside a repository: outside one, verify creates no ledger.
    git(project.root, 'init', '--quiet');
    const run = await runBaton(['verify', '--checks', 'types,api'], project.root, { BATON_PERSON: 'ada' });
    expect(run.exitCode).toBe(1);
    const ledger = await openSqliteLedger({ path: join(project.root, '.baton', 'ledger.db') });
    try {
      expect(await ledger.rows('findings')).toEqual([
        expect.objectContaining({
          checkId: 'api',
          ruleId: 'api/missing-member',
          file: 'src/index.ts',
          line: 2,
          column: 20,
          runId: null,
        }),
      ]);
      const events = (await ledger.readEvents()).map((stored) => stored.event);
      expect(
        events
          .filter((event) => event.type === 'check-end')
          .map((event) => (event as { checkId: string }).checkId)
          .sort(),
      ).toEqual(['api', 'types']);
      expect(await ledger.rows('activityIntervals')).toEqual([
        expect.objectContaining({ person: 'ada', activity: 'debugging' }),
      ]);
    } finally {
      await ledger.close();
    }
  });

  it('--fail-on decides which severities fail the gate', async () => {
    project = createFixtureProject({
      files: {
        'package.json': manifest,
        'tsconfig.json': tsconfig,
        'src/index.ts': "import { z } from 'zod';\nexport const s = z.string().email();\n",
      },
    });
    const atError = await runBaton(['verify', '--checks', 'api'], project.root);
    expect(atError.stdout).toContain('warning  api/deprecated');
    expect(atError.exitCode).toBe(0);
    expect(
      (await runBaton(['verify', '--checks', 'api', '--fail-on', 'warning'], project.root)).exitCode,
    ).toBe(1);
    expect((await runBaton(['verify', '--checks', 'api', '--fail-on', 'none'], project.root)).exitCode).toBe(
      0,
    );
  });

  it('reads failOn and checks from the verify key of the config', async () => {
    project = createFixtureProject({
      files: {
        'package.json': manifest,
        'tsconfig.json': tsconfig,
        'src/index.ts': "import { z } from 'zod';\nexport const s = z.string().email();\n",
        'baton.config.json': JSON.stringify({ verify: { failOn: 'warning', checks: ['api'] } }),
      },
    });
    const run = await runBaton(['verify', '--format', 'json'], project.root);
    const report = JSON.parse(run.stdout) as { checks: { id: string }[] };
    expect(report.checks.map((check) => check.id)).toEqual(['api']);
    expect(run.exitCode).toBe(1);
  });

  it('exits 2 on usage and config errors', async () => {
    project = createFixtureProject({ files: { 'package.json': manifest, 'src/index.ts': clean } });
    const badFormat = await runBaton(['verify', '--format', 'xml'], project.root);
    expect(badFormat).toMatchObject({ exitCode: 2 });
    expect(badFormat.stderr).toContain('error USAGE_INVALID: Unknown --format "xml".');
    const badCheck = await runBaton(['verify', '--checks', 'typse'], project.root);
    expect(badCheck.exitCode).toBe(2);
    expect(badCheck.stderr).toContain('Unknown check "typse". Did you mean "types"?');
    const badFailOn = await runBaton(['verify', '--fail-on', 'fatal'], project.root);
    expect(badFailOn.exitCode).toBe(2);
    const missingPath = await runBaton(['verify', 'src/nope.ts'], project.root);
    expect(missingPath.exitCode).toBe(2);
    expect(missingPath.stderr).toContain('error VERIFY_PATH_NOT_FOUND');
    writeFileSync(
      join(project.root, 'baton.config.json'),
      JSON.stringify({ tsconfig: 'tsconfig.missing.json' }),
    );
    const missingTsconfig = await runBaton(['verify'], project.root);
    expect(missingTsconfig.exitCode).toBe(2);
    expect(missingTsconfig.stderr).toContain('error VERIFY_TSCONFIG_NOT_FOUND');
    writeFileSync(join(project.root, 'baton.config.json'), JSON.stringify({ verify: { failOn: 'fatal' } }));
    expect((await runBaton(['verify'], project.root)).exitCode).toBe(2);
  });

  it('writes JSON and SARIF reports', async () => {
    project = createFixtureProject({
      files: {
        'package.json': manifest,
        'tsconfig.json': tsconfig,
        'src/index.ts': "import { zodd } from 'zod';\nexport const s = zodd;\n",
      },
    });
    const json = await runBaton(['verify', '--checks', 'api', '--format', 'json'], project.root);
    const parsed = JSON.parse(json.stdout) as {
      findings: { ruleId: string; file: string }[];
      summary: string;
    };
    expect(parsed.findings).toEqual([
      expect.objectContaining({ ruleId: 'api/missing-export', file: 'src/index.ts' }),
    ]);
    expect(parsed.summary).toBe('1 error');
    const sarif = await runBaton(
      ['verify', '--checks', 'api', '--format', 'sarif', '--output', 'package.json/report.sarif'],
      project.root,
    );
    expect(sarif.exitCode).toBe(3);
    expect(sarif.stderr).toContain('error FILE_WRITE_FAILED');
    const written = await runBaton(
      ['verify', '--checks', 'api', '--format', 'sarif', '-o', 'report.sarif'],
      project.root,
    );
    expect(written.exitCode).toBe(1);
    const log = JSON.parse(readFileSync(join(project.root, 'report.sarif'), 'utf8')) as {
      version: string;
      runs: { results: unknown[] }[];
    };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]?.results).toHaveLength(1);
  });

  it('--changed verifies only files changed since a revision, untracked ones included', async () => {
    project = createFixtureProject({
      files: {
        'package.json': manifest,
        'tsconfig.json': tsconfig,
        '.gitignore': 'node_modules\n',
        'src/old.ts': "import { z } from 'zod';\nexport const s = z.strng();\n",
      },
    });
    git(project.root, 'init', '-q', '-b', 'main');
    git(project.root, 'add', '.');
    git(project.root, 'commit', '-q', '-m', 'start');
    project.write('src/new.ts', "import { z } from 'zod';\nexport const t = z.nmber();\n");
    const run = await runBaton(
      ['verify', '--checks', 'api', '--changed', 'HEAD', '--format', 'json'],
      project.root,
    );
    const files = (JSON.parse(run.stdout) as { findings: { file: string }[] }).findings.map(
      (finding) => finding.file,
    );
    expect(files).toEqual(['src/new.ts']);
    const badRevision = await runBaton(['verify', '--changed', 'no-such-branch'], project.root);
    expect(badRevision.exitCode).toBe(2);
    expect(badRevision.stderr).toContain('error VERIFY_GIT_REVISION_INVALID');
  });
});
