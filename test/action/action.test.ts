import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Runs the composite action's own shell steps, as the runner would, against a fixture repository.
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const batonBin = join(repositoryRoot, 'bin', 'baton.js');

interface Step {
  id?: string;
  run?: string;
  env?: Record<string, string>;
  uses?: string;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = load(readFileSync(join(repositoryRoot, 'action.yml'), 'utf8')) as Action;

/** The few expressions the action uses: `inputs.x`, `steps.id.outputs.x`, `github.a.b`, joined by `||`. */
function evaluate(expression: string, context: Record<string, unknown>): string {
  return expression.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, body: string) => {
    for (const term of body.split('||').map((part) => part.trim())) {
      let value: unknown = context;
      for (const key of term.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
      if (typeof value === 'string' && value !== '') return value;
    }
    return '';
  });
}

function readOutputs(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

let root: string;
let runnerTemp: string;

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'baton-action-'));
  runnerTemp = mkdtempSync(join(tmpdir(), 'baton-runner-'));
  symlinkSync(join(repositoryRoot, 'node_modules'), join(root, 'node_modules'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('package.json', JSON.stringify({ name: 'app', type: 'module', dependencies: { zod: '*' } }));
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        types: [],
      },
      include: ['src'],
    }),
  );
  write('.gitignore', 'node_modules\n.baton\n');
  write('baton.config.json', JSON.stringify({ verify: { checks: ['types', 'api'] } }));
  write('src/index.ts', "import { z } from 'zod';\nexport const name = z.string();\n");
  git('init', '--quiet');
  git('add', '.');
  git('commit', '--quiet', '-m', 'base');
  write('src/added.ts', "import { z } from 'zod';\nexport const s = z.strng();\n");
  git('add', '.');
  git('commit', '--quiet', '-m', 'pull request');
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(runnerTemp, { recursive: true, force: true });
});

/** Runs each `run` step with the runner's variables; returns the outputs, the log and the last status. */
function runAction(inputs: Record<string, string>, event: Record<string, unknown>) {
  const inputValues = Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, inputs[name] ?? input.default ?? '']),
  );
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const context = { inputs: inputValues, github: { event }, steps };
  let log = '';
  let status = 0;
  for (const step of action.runs.steps) {
    if (!step.run) continue;
    const outputFile = join(runnerTemp, `${step.id}-output`);
    writeFileSync(outputFile, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: root,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: root,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary.md'),
      RUNNER_TEMP: runnerTemp,
      ...Object.fromEntries(
        Object.entries(step.env ?? {}).map(([key, value]) => [key, evaluate(value, context)]),
      ),
    };
    const result = spawnSync('bash', ['-e', '-c', step.run], {
      cwd: resolve(root, evaluate(step['working-directory'] ?? '.', context)),
      env,
      encoding: 'utf8',
    });
    log += result.stdout + result.stderr;
    status = result.status ?? 1;
    if (step.id) steps[step.id] = { outputs: readOutputs(outputFile) };
    if (status !== 0) break;
  }
  const outputs = Object.fromEntries(
    Object.entries(action.outputs).map(([name, output]) => [name, evaluate(output.value, context)]),
  );
  return { outputs, log, status };
}

describe('the GitHub Action', () => {
  it('is a composite action whose steps install Baton, verify and upload SARIF', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.map((step) => step.uses ?? step.id)).toEqual([
      'install',
      'verify',
      'github/codeql-action/upload-sarif@v3',
    ]);
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['base', 'checks', 'fail-on', 'upload-sarif']),
    );
  });

  it("annotates the pull request's finding, counts it and fails the step", () => {
    const base = git('rev-parse', 'HEAD~1');
    const run = runAction(
      { 'baton-command': `"${process.execPath}" "${batonBin}"` },
      { pull_request: { base: { sha: base } } },
    );
    expect(run.status).toBe(1);
    expect(run.log).toMatch(
      /^::error file=src\/added\.ts,line=2,col=20,endColumn=25,title=baton api\/missing-member::/m,
    );
    expect(run.outputs).toMatchObject({ errors: '1', warnings: '0', findings: '1' });
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file'] ?? '', 'utf8'));
    expect(sarif.runs[0].results[0].ruleId).toBe('api/missing-member');
    expect(readFileSync(join(runnerTemp, 'summary.md'), 'utf8')).toContain('1 error(s)');
  }, 120_000);

  it('passes with fail-on none, and falls back to HEAD~1 for a new branch pushed', () => {
    const run = runAction(
      { 'baton-command': `"${process.execPath}" "${batonBin}"`, 'fail-on': 'none' },
      { before: '0000000000000000000000000000000000000000' },
    );
    expect(run.status).toBe(0);
    expect(run.outputs.errors).toBe('1');
  }, 120_000);
});
