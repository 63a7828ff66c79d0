// Times the verification gate against the TypeScript compilers and ESLint on the published TypeScript
// sources of a real package: `npm pack zod` from the registry into a temp folder, its src/ without
// tests and benchmarks. In one invocation it runs, in child processes so that Node's start-up counts
// in each:
//   - `tsc --noEmit` with TypeScript 6 (Baton's `typescript` dependency), the baseline;
//   - the native `tsc --noEmit` of TypeScript 7 (the `typescript7` alias), when installed;
//   - `baton verify --checks types,api` (the type-level gate), and the same with the native compiler off;
//   - each check alone, `baton verify --checks <id> --format json`, with the check's own duration;
//   - the gate with every file-level check that applies, against tsc 6 plus the ESLint CLI with the
//     recommended rules of eslint-plugin-security, eslint-plugin-sonarjs and eslint-plugin-no-unsanitized
//     (typescript-eslint's parser, no type information), a config written to the temp folder, and
//     the same gate with the security check on a thread of its own (BATON_VERIFY_THREADS=on);
// then, in this process, a warm verify session re-verifying one edited file.
// Run after `npm run build`: `npm run bench:verify`; BENCH_RUNS rounds (default 3). Every wall time is
// also printed as a ratio against tsc 6 measured in the same run. Targets: the types,api gate
// <= 0.5 x tsc 6; the whole file-level gate <= 0.68 x; the security check alone <= 0.5 x; one changed
// file re-verified in <= 0.5 s warm. The other ratios are printed without a target.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;
const { createVerifySession } = await import(dist('verify/verify-session.js'));
const { findNativeCompiler } = await import(dist('verify/types/native-tsc.js'));

const runs = Number(process.env.BENCH_RUNS ?? 3);
const packageSpec = process.env.BENCH_PACKAGE ?? 'zod@4.6.7';
const batonBin = join(repositoryRoot, 'bin', 'baton.js');
const tsc6 = join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const eslintBin = join(repositoryRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
// `tests` is left out: the package copy has no test command, so the check would have nothing to run.
const fileChecks = ['types', 'api', 'security', 'performance', 'edge-cases'];
const soloChecks = [...fileChecks, 'sql'];

function prepareProject() {
  const scratch = mkdtempSync(join(tmpdir(), 'baton-bench-verify-'));
  const tarball = execFileSync('npm', ['pack', packageSpec, '--silent'], { cwd: scratch, encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1);
  execFileSync('tar', ['xzf', tarball], { cwd: scratch });
  const root = join(scratch, 'project');
  cpSync(join(scratch, 'package', 'src'), join(root, 'src'), {
    recursive: true,
    filter: (source) => !/\/(tests|__tests__|benchmarks)(\/|$)/.test(source),
  });
  // Imports of node built-ins and of the package itself resolve through Baton's installed packages.
  symlinkSync(join(repositoryRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'bench-sources', private: true, type: 'module' }),
  );
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: ['node'],
      },
      include: ['src'],
    }),
  );
  return { scratch, root };
}

/**
 * The ESLint baseline's flat config, outside the project so that the gate does not verify it; the
 * plugins resolve from Baton's node_modules by absolute URL.
 */
function writeEslintConfig(scratch) {
  const file = join(scratch, 'eslint.baseline.config.mjs');
  const url = (name) => JSON.stringify(import.meta.resolve(name));
  writeFileSync(
    file,
    [
      `import security from ${url('eslint-plugin-security')};`,
      `import sonarjs from ${url('eslint-plugin-sonarjs')};`,
      `import noUnsanitized from ${url('eslint-plugin-no-unsanitized')};`,
      `import typescriptEslint from ${url('typescript-eslint')};`,
      'export default [',
      "  { files: ['**/*.ts'], languageOptions: { parser: typescriptEslint.parser, sourceType: 'module' } },",
      '  security.configs.recommended,',
      '  sonarjs.configs.recommended,',
      '  noUnsanitized.configs.recommended,',
      '];',
      '',
    ].join('\n'),
  );
  return file;
}

function countFiles(directory) {
  let count = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) count += countFiles(join(directory, entry.name));
    else if (entry.name.endsWith('.ts')) count += 1;
  }
  return count;
}

function run(command, args, cwd, env = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { elapsed: performance.now() - started, ...result };
}

/** Exit 1 means findings (or lint problems); anything else means the tool itself failed. */
function time(command, args, cwd, env = {}) {
  const result = run(command, args, cwd, env);
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  }
  return result;
}

/**
 * `baton verify --checks <ids> --format json`; a run that crashes is kept with its exit code and
 * output so that the table shows it instead of stopping the bench.
 */
function timeGate(checks, cwd, env = {}) {
  const result = run(
    process.execPath,
    [batonBin, 'verify', '--checks', checks.join(','), '--format', 'json'],
    cwd,
    env,
  );
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    report = undefined;
  }
  const crashed = (result.status !== 0 && result.status !== 1) || !report;
  const failure = crashed
    ? `exit ${result.status ?? result.signal}: ${`${result.stderr}\n${result.stdout}`.trim().slice(0, 2000)}`
    : undefined;
  return { elapsed: result.elapsed, report, failure };
}

/** Findings per rule id, most first: `edge-cases/fuzz-timeout 2, …`. */
function ruleCounts(findings) {
  const counts = new Map();
  for (const finding of findings) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  return [...counts]
    .sort((left, right) => right[1] - left[1])
    .map(([rule, count]) => `${rule} ${count}`)
    .join(', ');
}

/** How many problems the ESLint JSON formatter reported. */
function eslintProblems(stdout) {
  return JSON.parse(stdout).reduce((sum, file) => sum + file.messages.length, 0);
}

const median = (values) => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)];
const format = (ms) => `${(ms / 1000).toFixed(2)} s`;

const { scratch, root } = prepareProject();
try {
  const native = findNativeCompiler(root);
  const files = countFiles(join(root, 'src'));
  console.log(
    `bench:verify — ${packageSpec} src/ (${files} TypeScript files), ${runs} rounds, median wall time`,
  );
  const load = () => loadavg()[0].toFixed(1);
  console.log(`  machine: ${availableParallelism()} cores, load average ${load()} at the start`);
  const offConfig = join(root, 'baton.config.json');
  const eslintConfig = writeEslintConfig(scratch);
  const samples = {
    tsc6: [],
    tsc7: [],
    gate: [],
    gateTs: [],
    eslint: [],
    whole: [],
    wholeThreaded: [],
    wholeOwn: {},
  };
  const solo = Object.fromEntries(soloChecks.map((id) => [id, { wall: [], own: [], last: undefined }]));
  let lastGate = '';
  let lastWhole;
  let lastEslint = 0;
  // Rounds interleave the tools so that load from elsewhere on the machine hits them alike.
  for (let round = 0; round < runs; round++) {
    samples.tsc6.push(time(process.execPath, [tsc6, '-p', 'tsconfig.json', '--noEmit'], root).elapsed);
    if (native) samples.tsc7.push(time(native.executable, ['-p', 'tsconfig.json', '--noEmit'], root).elapsed);
    const gate = time(process.execPath, [batonBin, 'verify', '--checks', 'types,api'], root);
    samples.gate.push(gate.elapsed);
    lastGate = gate.stdout.trim().split('\n').at(-1) ?? '';
    writeFileSync(offConfig, JSON.stringify({ verify: { nativeCompiler: 'off' } }));
    samples.gateTs.push(time(process.execPath, [batonBin, 'verify', '--checks', 'types,api'], root).elapsed);
    rmSync(offConfig);
    const eslint = time(
      process.execPath,
      [eslintBin, '--config', eslintConfig, '--format', 'json', 'src'],
      root,
    );
    samples.eslint.push(eslint.elapsed);
    lastEslint = eslintProblems(eslint.stdout);
    lastWhole = timeGate(fileChecks, root);
    samples.whole.push(lastWhole.elapsed);
    samples.wholeThreaded.push(timeGate(fileChecks, root, { BATON_VERIFY_THREADS: 'on' }).elapsed);
    for (const checkRun of lastWhole.report?.checks ?? []) {
      samples.wholeOwn[checkRun.id] ??= [];
      samples.wholeOwn[checkRun.id].push(checkRun.durationMs);
    }
    for (const id of soloChecks) {
      const measured = timeGate([id], root);
      solo[id].wall.push(measured.elapsed);
      const own = measured.report?.checks.find((checkRun) => checkRun.id === id);
      if (own) solo[id].own.push(own.durationMs);
      solo[id].last = measured;
    }
  }
  const baseline = median(samples.tsc6);
  const ratio = (ms) => `${(ms / baseline).toFixed(2)} x tsc 6`;
  const rows = [
    ['tsc --noEmit (TypeScript 6)', baseline],
    ...(native ? [[`tsc --noEmit (native TypeScript ${native.version})`, median(samples.tsc7)]] : []),
    ['baton verify --checks types,api', median(samples.gate)],
    ['baton verify, native compiler off', median(samples.gateTs)],
  ];
  for (const [label, ms] of rows)
    console.log(`  ${label.padEnd(44)} ${format(ms).padStart(8)}   ${(ms / baseline).toFixed(2)} x tsc 6`);
  console.log(`  last gate said: ${lastGate}`);
  // The first gate round has no deprecated-name cache yet and builds the program; later rounds reuse it.
  console.log(
    `  gate rounds: ${samples.gate.map(format).join(', ')} (the first fills the cache under .baton/verify)`,
  );
  if (!native)
    console.log(
      '  native TypeScript 7 is not installed (npm alias typescript7); the gate used the TypeScript API',
    );

  console.log('  each check alone, baton verify --checks <id> --format json:');
  console.log(
    `    ${'check'.padEnd(12)} ${'wall time'.padStart(9)} ${'x tsc 6'.padStart(8)} ${'its own'.padStart(9)} ${'findings'.padStart(9)}`,
  );
  for (const id of soloChecks) {
    const { wall, own, last } = solo[id];
    const checkRun = last.report?.checks.find((candidate) => candidate.id === id);
    const ownText = own.length > 0 ? format(median(own)) : '-';
    const found = checkRun ? String(checkRun.findings) : '-';
    const rules = last.report ? ruleCounts(last.report.findings) : '';
    console.log(
      `    ${id.padEnd(12)} ${format(median(wall)).padStart(9)} ${(median(wall) / baseline).toFixed(2).padStart(8)} ${ownText.padStart(9)} ${found.padStart(9)}${rules ? `   ${rules}` : ''}`,
    );
    if (checkRun?.error) console.log(`      the check failed: ${checkRun.error}`);
    if (last.failure) console.log(`      the run failed, ${last.failure}`);
  }
  console.log(
    "    sql: zod's sources hold no SQL migrations, so the check has nothing to apply; its wall time is the run around it",
  );
  console.log('    tests: not run, the package copy has no test command');

  const whole = median(samples.whole);
  const eslint = median(samples.eslint);
  const wholeOwn = Object.entries(samples.wholeOwn)
    .map(([id, values]) => `${id} ${format(median(values))}`)
    .join(', ');
  console.log(`  gate with every file-level check that applies, --checks ${fileChecks.join(',')}:`);
  const onThreads = (lastWhole.report?.checks ?? [])
    .filter((checkRun) => checkRun.thread)
    .map((checkRun) => checkRun.id);
  console.log(
    `    baton verify ${format(whole)} (${ratio(whole)}; the checks run side by side: ${wholeOwn}; on threads of their own: ${onThreads.join(', ') || 'none'})`,
  );
  const threaded = median(samples.wholeThreaded);
  console.log(
    `    baton verify with the security check on its own thread (BATON_VERIFY_THREADS=on) ${format(threaded)} (${ratio(threaded)})`,
  );
  if (lastWhole.report)
    console.log(
      `    its findings: ${lastWhole.report.findings.length > 0 ? ruleCounts(lastWhole.report.findings) : 'none'}`,
    );
  if (lastWhole.failure) console.log(`    the run failed, ${lastWhole.failure}`);
  console.log(
    `    tsc --noEmit (TypeScript 6) ${format(baseline)} + ESLint ${format(eslint)} (${ratio(eslint)}; security, sonarjs, no-unsanitized recommended; ${lastEslint} problems) = ${format(baseline + eslint)}`,
  );
  console.log(
    `    gate / (tsc 6 + ESLint) ${(whole / (baseline + eslint)).toFixed(2)}; gate / tsc 6 ${(whole / baseline).toFixed(2)} (target <= 0.68)`,
  );

  // Warm re-verify: one session, then edits to one file; the body edit keeps the file's exports.
  const session = createVerifySession({ root, checks: ['types', 'api'] });
  const coldStarted = performance.now();
  await session.run();
  const cold = performance.now() - coldStarted;
  const target = join(root, 'src', 'v4', 'core', 'util.ts');
  const original = readFileSync(target, 'utf8');
  // The first edit after start re-checks the edited file's importers too: the builder knows no
  // export signatures yet. It is reported on its own; the rounds below measure the steady state.
  writeFileSync(target, `${original}\n// first edit\n`);
  utimesSync(target, new Date(), new Date(Date.now() + 500));
  const firstStarted = performance.now();
  await session.run();
  const firstEdit = performance.now() - firstStarted;
  const firstChecked = session.lastChecked.length;
  const warm = { body: [], exports: [] };
  const checked = { body: 0, exports: 0 };
  let stamp = 1000;
  const edit = async (kind, text) => {
    writeFileSync(target, text);
    stamp += 1000;
    utimesSync(target, new Date(), new Date(Date.now() + stamp));
    const started = performance.now();
    const report = await session.run();
    warm[kind].push(performance.now() - started);
    checked[kind] = session.lastChecked.length;
    if (report.findings.length > 0)
      console.log(`  unexpected findings after the ${kind} edit: ${report.findings.length}`);
  };
  // Body edits change a comment and keep every export; export edits add one, which importers see.
  for (let round = 0; round < runs; round++) await edit('body', `${original}\n// edited ${round}\n`);
  for (let round = 0; round < runs; round++) {
    await edit('exports', `${original}\nexport const benchEdit${round} = ${round};\n`);
  }
  writeFileSync(target, original);
  console.log(
    `  warm session: first run ${format(cold)} (${ratio(cold)}); first edit after start ${format(firstEdit)} (${ratio(firstEdit)}, ${firstChecked} files re-checked)`,
  );
  console.log(
    `  one changed file, body edit:   ${format(median(warm.body))} (${ratio(median(warm.body))}; ${checked.body} file re-checked; target 0.50 s)`,
  );
  console.log(
    `  one changed file, export edit: ${format(median(warm.exports))} (${ratio(median(warm.exports))}; ${checked.exports} files re-checked: the edited file and its importers)`,
  );
  const verdict = (ratio, target) =>
    `${ratio.toFixed(2)} x tsc 6 (target <= ${target}): ${ratio <= target ? 'met' : 'NOT met'}`;
  console.log(`  targets, against tsc --noEmit (TypeScript 6) ${format(baseline)} in this run:`);
  console.log(`    gate with types,api             ${verdict(median(samples.gate) / baseline, 0.5)}`);
  console.log(`    whole file-level gate           ${verdict(whole / baseline, 0.68)}`);
  console.log(`    security check alone            ${verdict(median(solo.security.wall) / baseline, 0.5)}`);
  console.log(
    `    warm one-file re-verify         ${format(median(warm.body))} (target <= 0.50 s): ${median(warm.body) <= 500 ? 'met' : 'NOT met'}`,
  );
  console.log(`  load average ${load()} at the end`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
