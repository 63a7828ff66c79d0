// Times the verification gate against the TypeScript compilers on the published TypeScript sources of
// a real package: `npm pack zod` from the registry into a temp folder, its src/ without tests and
// benchmarks. In one invocation it runs, in child processes so that Node's start-up counts in each:
//   - `tsc --noEmit` with TypeScript 6 (Baton's `typescript` dependency), the baseline;
//   - the native `tsc --noEmit` of TypeScript 7 (the `typescript7` alias), when installed;
//   - `baton verify --checks types,api` (the full gate; the project has no test command);
//   - the same gate with the native compiler off (TypeScript API only);
// then, in this process, a warm verify session re-verifying one edited file.
// Run after `npm run build`: `npm run bench:verify`. Targets: full gate <= 0.7 x tsc 6; one changed
// file re-verified in <= 0.5 s warm.
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
import { tmpdir } from 'node:os';
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

function countFiles(directory) {
  let count = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) count += countFiles(join(directory, entry.name));
    else if (entry.name.endsWith('.ts')) count += 1;
  }
  return count;
}

function time(command, args, cwd, env = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  }
  return { elapsed, stdout: result.stdout };
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
  const offConfig = join(root, 'baton.config.json');
  const samples = { tsc6: [], tsc7: [], gate: [], gateTs: [] };
  let lastGate = '';
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
  }
  const baseline = median(samples.tsc6);
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
    `  warm session: first run ${format(cold)}; first edit after start ${format(firstEdit)} (${firstChecked} files re-checked)`,
  );
  console.log(
    `  one changed file, body edit:   ${format(median(warm.body))} (${checked.body} file re-checked; target 0.50 s)`,
  );
  console.log(
    `  one changed file, export edit: ${format(median(warm.exports))} (${checked.exports} files re-checked: the edited file and its importers)`,
  );
  const ratio = median(samples.gate) / baseline;
  console.log(
    `  full gate ${ratio.toFixed(2)} x tsc 6 (target <= 0.70): ${ratio <= 0.7 ? 'met' : 'NOT met'}; warm one-file re-verify ${median(warm.body) <= 500 ? 'met' : 'NOT met'}`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
