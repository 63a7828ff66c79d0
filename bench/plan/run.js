// Times `baton plan check` on a generated 1,000-component plan against the time to merely parse the same
// YAML with the `yaml` package, both measured here, in child processes, so Node's start-up counts in each.
// Run after `npm run build`: `npm run bench:plan`. Target: the check in at most 1 s.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const componentCount = Number(process.env.BENCH_COMPONENTS ?? 1000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const targetMs = 1000;
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const batonBin = join(repositoryRoot, 'bin', 'baton.js');
const kinds = ['schema', 'api', 'ui', 'integration', 'test', 'other'];

function writeFile(root, path, text) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function generateProject(root) {
  const moduleCount = Math.ceil(componentCount / 5);
  for (let module = 0; module < moduleCount; module++) {
    for (const file of ['index.ts', 'handler.ts', 'repository.ts']) {
      writeFile(root, `src/module-${module}/${file}`, `export const name = 'module-${module}/${file}';\n`);
    }
    writeFile(
      root,
      `test/module-${module}.test.ts`,
      `import { name } from '../src/module-${module}/index.js';\n`,
    );
  }
  writeFile(root, 'migrations/001_init.sql', 'CREATE TABLE users (id SERIAL PRIMARY KEY);\n');
  const lines = ['feature:', '  name: Generated feature', 'defaults:', '  context: >-'];
  lines.push(
    '    A TypeScript service on Node.js 20 with node:http handlers and PostgreSQL through pg; tests use Vitest.',
  );
  lines.push(
    '  constraints:',
    '    - No new dependencies; use only what package.json declares.',
    'components:',
  );
  for (let index = 0; index < componentCount; index++) {
    const module = Math.floor(index / 5);
    const id = `component-${String(index).padStart(4, '0')}`;
    const dependencies = [index - 1, index - 7].filter((other) => other >= 0);
    lines.push(
      `  - id: ${id}`,
      `    title: Component ${index} of module ${module}`,
      `    kind: ${kinds[index % kinds.length]}`,
      `    dependsOn: [${dependencies.map((other) => `component-${String(other).padStart(4, '0')}`).join(', ')}]`,
      '    files:',
      `      - src/module-${module}/*.ts`,
      `      - test/module-${module}.test.ts`,
      `      - src/module-${module}/new-${index}.ts`,
      `    estimateHours: ${1 + (index % 4)}`,
      '    acceptance:',
      `      - criterion: handler ${index} returns 200 with the stored value`,
      `        test: test/module-${module}.test.ts > handler ${index} returns the stored value`,
      `      - criterion: handler ${index} answers 400 for a null body`,
      `        test: test/module-${module}.test.ts > handler ${index} answers 400 for a null body`,
      '    edgeCases:',
      '      - case: a null body',
      `        expect: '400 { error: "invalid_body" }'`,
      `        test: test/module-${module}.test.ts > handler ${index} answers 400 for a null body`,
      '    prompt:',
      `      context: Module ${module} holds the handler, its repository and an index that re-exports them.`,
      '      constraints:',
      `        - Follow src/module-${module}/handler.ts.`,
      '      examples:',
      `        - file: src/module-${module}/handler.ts`,
      '      qualityBar:',
      '        - JSDoc of one sentence on every exported function.',
    );
  }
  writeFile(root, 'plan.yaml', `${lines.join('\n')}\n`);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  execFileSync('git', ['add', '-A'], { cwd: root });
  execFileSync(
    'git',
    ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'generated'],
    {
      cwd: root,
    },
  );
}

function timeChild(args, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, BATON_DEBUG: '' },
  });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { elapsedMs, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const median = (values) => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)];

const root = mkdtempSync(join(tmpdir(), 'baton-bench-plan-'));
try {
  generateProject(root);
  const text = readFileSync(join(root, 'plan.yaml'), 'utf8');
  const yamlEntry = join(repositoryRoot, 'node_modules', 'yaml', 'dist', 'index.js');
  const childParse = `const { parse } = require(${JSON.stringify(yamlEntry)}); parse(require('node:fs').readFileSync('plan.yaml', 'utf8'));`;

  // The check alone, cold, in a fresh process: Baton's plan modules without the rest of the CLI.
  const distUrl = (path) => new URL(`../../dist/${path}`, import.meta.url).href;
  const checkOnlyScript = join(root, 'check-only.mjs');
  writeFileSync(
    checkOnlyScript,
    [
      `const { checkPlan } = await import(${JSON.stringify(distUrl('plan/check-plan.js'))});`,
      `const { lintPlanPrompts } = await import(${JSON.stringify(distUrl('prompt/lint-plan.js'))});`,
      `const { resolvePlanningSettings } = await import(${JSON.stringify(distUrl('core/config/planning-settings.js'))});`,
      'const settings = resolvePlanningSettings({});',
      "const check = await checkPlan({ file: 'plan.yaml', cwd: process.cwd(), plan: settings.plan, triage: settings.triage });",
      'if (check.plan) lintPlanPrompts(check.plan);',
      'process.exitCode = check.errorCount > 0 ? 1 : 0;',
    ].join('\n'),
  );

  const inProcess = [];
  const checkOnlyTimes = [];
  const parseTimes = [];
  const checkTimes = [];
  const startupTimes = [];
  let lastCheck;
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    parse(text);
    inProcess.push(Number(process.hrtime.bigint() - started) / 1e6);
    checkOnlyTimes.push(timeChild([checkOnlyScript], root).elapsedMs);
    parseTimes.push(timeChild(['-e', childParse], root).elapsedMs);
    startupTimes.push(timeChild([batonBin, '--version'], root).elapsedMs);
    lastCheck = timeChild([batonBin, 'plan', 'check', 'plan.yaml'], root);
    checkTimes.push(lastCheck.elapsedMs);
  }
  if (lastCheck.status !== 0) {
    process.stderr.write(
      `plan check failed (exit ${lastCheck.status}):\n${lastCheck.stdout.slice(0, 2000)}${lastCheck.stderr}\n`,
    );
    process.exit(1);
  }
  const check = median(checkTimes);
  const baseline = median(parseTimes);
  const lines = [
    `plan: ${componentCount} components, ${(text.length / 1024).toFixed(0)} KiB of YAML; median of ${runs} runs`,
    `baseline  node + yaml.parse (child process)   ${baseline.toFixed(0)} ms`,
    `          yaml.parse alone (in process)       ${median(inProcess).toFixed(0)} ms`,
    `check     node bin/baton.js plan check        ${check.toFixed(0)} ms`,
    `          of which CLI start-up (--version)   ${median(startupTimes).toFixed(0)} ms`,
    `          node + plan modules only, cold      ${median(checkOnlyTimes).toFixed(0)} ms`,
    `ratio     check / baseline (child processes)  ${(check / baseline).toFixed(1)}x`,
    `ratio     plan modules only / baseline        ${(median(checkOnlyTimes) / baseline).toFixed(1)}x`,
    `target    check <= ${targetMs} ms                   ${check <= targetMs ? 'met' : 'MISSED'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = check <= targetMs ? 0 : 1;
} finally {
  if (process.env.BENCH_KEEP) process.stdout.write(`kept ${root}\n`);
  else rmSync(root, { recursive: true, force: true });
}
