import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { probeFileSystemIsolation } from '../../workspace/sandbox-capabilities.js';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import type { VerifiedComponent } from '../check.js';
import { verify } from '../verify.js';
import { createEdgeCasesCheck } from './edge-cases-check.js';

let project: FixtureProject | undefined;
afterEach(() => project?.remove());

// Outside /tmp, since the sandbox's /tmp is private in any case.
const outside = mkdtempSync(join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), 'baton-fuzz-outside-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const tsconfig = JSON.stringify({
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    strict: true,
    types: [],
  },
  include: ['src'],
});

/** A project whose exported function writes, through a small dependency, to a folder outside it. */
function journalProject(): FixtureProject {
  const journal = `const fs = require('node:fs');
let count = 0;
exports.record = (text) => {
  count += 1;
  fs.writeFileSync(${JSON.stringify(outside)} + '/journal-' + count + '.txt', String(text));
  fs.writeFileSync('journal.txt', String(text));
};`;
  return createFixtureProject({
    linkNodeModules: false,
    files: {
      'package.json': JSON.stringify({ name: 'app', type: 'module' }),
      'tsconfig.json': tsconfig,
      'node_modules/tiny-journal/package.json':
        '{"name":"tiny-journal","main":"index.js","types":"index.d.ts"}',
      'node_modules/tiny-journal/index.js': journal,
      'node_modules/tiny-journal/index.d.ts': 'export declare function record(text: string): void;\n',
      'src/greet.ts':
        "import { record } from 'tiny-journal';\n\nexport function greet(name: string): string {\n  record(name);\n  return 'Hello, ' + name;\n}\n",
      'src/shout.ts':
        'export function shout(text: string): string {\n  return text.at(0)!.toUpperCase();\n}\n',
    },
  });
}

const component: VerifiedComponent = { id: 'greeting', planFile: '/plan.yaml', planRoot: '/', edgeCases: [] };
const summary = (findings: { file: string; ruleId: string }[]) =>
  findings.map((finding) => `${finding.file} ${finding.ruleId}`);
const bubblewrap = await probeFileSystemIsolation('bwrap');

describe('when fuzzing runs', () => {
  it('does not fuzz in a plain verify, and does for the files of a plan component', async () => {
    project = journalProject();
    const plain = await verify({ root: project.root, customChecks: [createEdgeCasesCheck()] });
    expect(plain.findings).toEqual([]);
    const forComponent = await verify({
      root: project.root,
      customChecks: [createEdgeCasesCheck()],
      component,
    });
    expect(summary(forComponent.findings)).toContain('src/shout.ts edge-cases/fuzz-crash');
    // A component's functions are those in the files its plan names.
    const owning = (files: string[]) => ({ ...component, planRoot: project?.root ?? '/', files });
    const other = await verify({
      root: project.root,
      customChecks: [createEdgeCasesCheck()],
      component: owning(['src/greet.ts']),
    });
    expect(summary(other.findings)).not.toContain('src/shout.ts edge-cases/fuzz-crash');
    const folder = await verify({
      root: project.root,
      customChecks: [createEdgeCasesCheck()],
      component: owning(['src']),
    });
    expect(summary(folder.findings)).toContain('src/shout.ts edge-cases/fuzz-crash');
  }, 120_000);
});

describe.skipIf(!bubblewrap.available)('fuzzing in the file-system sandbox', () => {
  it('leaves nothing written outside the sandbox by a function that writes through a dependency', async () => {
    project = journalProject();
    const report = await verify({
      root: project.root,
      customChecks: [createEdgeCasesCheck()],
      fuzz: 'typed',
    });
    expect(summary(report.findings)).toEqual(['src/shout.ts edge-cases/fuzz-crash']);
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(join(project.root, 'journal.txt'))).toBe(false);
  }, 60_000);
});

describe('fuzzing where the sandbox cannot be had', () => {
  afterEach(() => {
    delete process.env.BATON_BWRAP;
  });

  it('does not run the code, and says why and how to fix it', async () => {
    project = journalProject();
    process.env.BATON_BWRAP = join(project.root, 'no-such-bwrap');
    const report = await verify({
      root: project.root,
      customChecks: [createEdgeCasesCheck()],
      fuzz: 'typed',
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'sandbox/unavailable',
        severity: 'warning',
        message: expect.stringContaining('bubblewrap'),
        hint: expect.stringContaining('--allow-unsandboxed'),
      }),
    ]);
    expect(readdirSync(outside)).toEqual([]);
  }, 60_000);

  it('runs unprotected when allowed, and the findings say so', async () => {
    project = journalProject();
    process.env.BATON_BWRAP = join(project.root, 'no-such-bwrap');
    const report = await verify({
      root: project.root,
      customChecks: [createEdgeCasesCheck()],
      fuzz: 'typed',
      allowUnsandboxed: true,
    });
    expect(summary(report.findings)).toEqual(['. sandbox/unprotected', 'src/shout.ts edge-cases/fuzz-crash']);
    expect(report.findings[0]?.message).toMatch(/File system: NOT isolated: .*ran unprotected/);
    // The control: unprotected, the dependency really writes outside the project.
    expect(readdirSync(outside).length).toBeGreaterThan(0);
    rmSync(outside, { recursive: true, force: true });
  }, 60_000);
});

describe('a module the fuzzer cannot load', () => {
  it('is the environment (CommonJS code in an ES module package), not a crash', async () => {
    project = createFixtureProject({
      files: {
        'package.json': JSON.stringify({ name: 'app', type: 'module' }),
        'tsconfig.json': JSON.stringify({
          compilerOptions: { module: 'NodeNext', allowJs: true, checkJs: true, strict: true, types: [] },
          include: ['src'],
        }),
        // What tsc writes for `export function shout` with "module": "commonjs".
        'src/shout.js':
          '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.shout = shout;\n/** @param {string} text */\nfunction shout(text) {\n  return text.toUpperCase();\n}\n',
      },
    });
    const report = await verify({
      root: project.root,
      customChecks: [createEdgeCasesCheck()],
      fuzz: 'typed',
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'edge-cases/could-not-run',
        severity: 'note',
        file: 'src/shout.js',
        message: expect.stringContaining('module format'),
        hint: expect.stringContaining('"type"'),
      }),
    ]);
  }, 60_000);
});
