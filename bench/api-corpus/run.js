// Scores the api check on real code: the example folders of popular packages, untouched and with the
// four API mistakes an AI makes injected (missing member, missing export, wrong arity, unknown
// package), each mutant confirmed by the TypeScript compiler (see mutate.js).
//
// The fetched code is never part of Baton. Fetch the checkouts into one folder first, for example:
//   git clone --depth 1 https://github.com/tj/commander.js   /work/fetched/commander.js
//   git clone --depth 1 https://github.com/micromatch/picomatch /work/fetched/picomatch
//   git clone --depth 1 https://github.com/kysely-org/kysely  /work/fetched/kysely
//   git clone --depth 1 https://github.com/bombshell-dev/clack /work/fetched/clack
//   git clone --depth 1 https://github.com/nodejs/undici     /work/fetched/undici
//   git clone --depth 1 https://github.com/chalk/chalk       /work/fetched/chalk
//   git clone --depth 1 https://github.com/vercel/ai          /work/fetched/ai
// then, after `npm run build`:
//   node bench/api-corpus/run.js --fetched /work/fetched --set rules      (the set the rules were written with)
//   node bench/api-corpus/run.js --fetched /work/fetched --set held-out   (scored while writing them, not written from)
//   node bench/api-corpus/run.js --fetched /work/fetched --set held-out-2 (scored once, at the end)
// or name checkouts directly: `node bench/api-corpus/run.js <checkout>:<examples folder>:<package> …`.
// Add --json for machine-readable output. Targets: recall >= 98 % per set, <= 5 findings on the
// untouched files. The code is judged against the packages installed in Baton's node_modules.
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { buildCorpusProject } from './corpus-project.js';
import { generateMutants, mistakeKinds } from './mutate.js';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;
const { createVerifySession } = await import(dist('verify/verify-session.js'));
const { defaultCompilerOptions } = await import(dist('verify/project.js'));

const bundlerConfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'preserve',
    moduleResolution: 'bundler',
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
    types: ['node'],
    noEmit: true,
  },
};

/** The two sets: checkout folder, examples folder, the package the examples show, and compiler settings. */
const sets = {
  rules: [
    { checkout: 'commander.js', folder: 'examples', packageName: 'commander' },
    { checkout: 'picomatch', folder: 'examples', packageName: 'picomatch' },
    { checkout: 'kysely', folder: 'example/src', packageName: 'kysely', tsconfig: bundlerConfig },
  ],
  'held-out': [
    { checkout: 'clack', folder: 'examples', packageName: '@clack/prompts', tsconfig: bundlerConfig },
    { checkout: 'undici', folder: 'docs/examples', packageName: 'undici' },
    { checkout: 'chalk', folder: 'examples', packageName: 'chalk' },
  ],
  // Scored once, after the rules were written: nothing was changed because of it.
  'held-out-2': [
    { checkout: 'ai', folder: 'examples/ai-functions/src', packageName: 'ai', tsconfig: bundlerConfig },
  ],
};

function parseArguments(argv) {
  const options = { fetched: '/work/fetched', set: 'rules', json: false, sources: [] };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--fetched') options.fetched = argv[++index];
    else if (argument === '--set') options.set = argv[++index];
    else if (argument === '--json') options.json = true;
    else {
      const [checkout, folder = 'examples', packageName = basename(checkout)] = argument.split(':');
      options.sources.push({ checkout, folder, packageName, absolute: true });
    }
  }
  if (options.sources.length === 0 && !sets[options.set]) {
    throw new Error(
      `Unknown set "${options.set}": use one of ${Object.keys(sets).join(', ')}, or name checkouts.`,
    );
  }
  return options;
}

function compilerOptionsOf(root, tsconfig) {
  if (!tsconfig) return defaultCompilerOptions;
  const parsed = ts.convertCompilerOptionsFromJson(tsconfig.compilerOptions, root);
  return parsed.options;
}

const percent = (part, whole) => (whole === 0 ? 'n/a' : `${((part / whole) * 100).toFixed(1)} %`);

async function scoreSource(source, workFolder) {
  const name = source.packageName.replace(/[@/]/g, '-').replace(/^-/, '');
  const project = buildCorpusProject({
    name,
    checkout: source.checkout,
    folder: source.folder,
    packageName: source.packageName,
    nodeModules: join(repositoryRoot, 'node_modules'),
    into: workFolder,
    tsconfig: source.tsconfig,
  });
  const originals = new Map(project.files.map((file) => [file, readFileSync(file, 'utf8')]));
  const generating = Date.now();
  const mutants = generateMutants({
    files: project.files,
    compilerOptions: compilerOptionsOf(project.root, source.tsconfig),
  });
  console.error(
    `${source.packageName}: ${mutants.length} mutants confirmed in ${((Date.now() - generating) / 1000).toFixed(1)} s`,
  );
  // A warm session re-checks only what a mutant touched; each write moves the file's time forward.
  const session = createVerifySession({ root: project.root, checks: ['api'] });
  let clock = Date.now() / 1000;
  const write = (file, text) => {
    writeFileSync(file, text);
    clock += 2;
    utimesSync(file, clock, clock);
  };
  const untouched = await session.run();
  const baselineKeys = new Set(
    untouched.findings.map((finding) => `${finding.file}:${finding.range.startLine}`),
  );
  // One mutant per file per round: lines never collide, and each round is one verify run.
  const rounds = [];
  for (const mutant of mutants) {
    let round = rounds.find((list) => !list.some((other) => other.file === mutant.file));
    if (!round) {
      round = [];
      rounds.push(round);
    }
    round.push(mutant);
  }
  const results = [];
  const extra = [];
  for (const round of rounds) {
    for (const mutant of round) write(mutant.file, mutant.text);
    const report = await session.run();
    for (const mutant of round) write(mutant.file, originals.get(mutant.file));
    const mutated = new Map(round.map((mutant) => [relative(project.root, mutant.file), mutant]));
    for (const mutant of round) {
      const file = relative(project.root, mutant.file);
      const found = report.findings.some(
        (finding) =>
          finding.file === file &&
          finding.range.startLine === mutant.line &&
          mistakeKinds[mutant.kind].includes(finding.ruleId),
      );
      results.push({ ...mutant, file, found });
    }
    for (const finding of report.findings) {
      const mutant = mutated.get(finding.file);
      if (mutant && mutant.line === finding.range.startLine) continue;
      if (baselineKeys.has(`${finding.file}:${finding.range.startLine}`)) continue;
      extra.push(`${finding.file}:${finding.range.startLine} ${finding.ruleId} ${finding.message}`);
    }
  }
  return {
    source: `${basename(source.checkout)}/${source.folder}`,
    files: project.files.length,
    skipped: project.skipped.length,
    untouchedFindings: untouched.findings.map(
      (finding) => `${finding.file}:${finding.range.startLine} ${finding.ruleId} ${finding.message}`,
    ),
    results,
    extra,
  };
}

function summarise(scored) {
  const byKind = {};
  for (const kind of Object.keys(mistakeKinds)) {
    const list = scored.flatMap((item) => item.results.filter((result) => result.kind === kind));
    byKind[kind] = { mutants: list.length, found: list.filter((result) => result.found).length };
  }
  const all = scored.flatMap((item) => item.results);
  return {
    files: scored.reduce((total, item) => total + item.files, 0),
    mutants: all.length,
    found: all.filter((result) => result.found).length,
    byKind,
    untouchedFindings: scored.flatMap((item) => item.untouchedFindings),
    extraFindingsOnMutants: scored.flatMap((item) => item.extra),
    missed: all
      .filter((result) => !result.found)
      .map((result) => `${result.file}:${result.line} ${result.kind} ${result.detail}`),
  };
}

const options = parseArguments(process.argv.slice(2));
const sources = (options.sources.length > 0 ? options.sources : sets[options.set]).map((source) => ({
  ...source,
  checkout: source.absolute ? source.checkout : join(options.fetched, source.checkout),
}));
const workFolder = mkdtempSync(join(tmpdir(), 'baton-api-corpus-'));
try {
  const scored = [];
  for (const source of sources) {
    const started = Date.now();
    scored.push(await scoreSource(source, workFolder));
    if (!options.json)
      console.error(`${source.packageName}: scored in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const summary = summarise(scored);
  if (options.json) {
    console.log(
      JSON.stringify(
        {
          set: options.sources.length > 0 ? 'named' : options.set,
          summary,
          sources: scored.map(({ results, ...rest }) => rest),
        },
        null,
        2,
      ),
    );
  } else {
    console.log(
      `API corpus, set "${options.sources.length > 0 ? 'named' : options.set}": ${summary.files} real files from ${sources.map((source) => source.packageName).join(', ')}`,
    );
    for (const [kind, { mutants, found }] of Object.entries(summary.byKind))
      console.log(
        `  ${kind.padEnd(16)} ${String(found).padStart(4)} / ${String(mutants).padEnd(4)} ${percent(found, mutants)}`,
      );
    console.log(
      `  ${'all'.padEnd(16)} ${String(summary.found).padStart(4)} / ${String(summary.mutants).padEnd(4)} ${percent(summary.found, summary.mutants)}`,
    );
    console.log(`  findings on the untouched files: ${summary.untouchedFindings.length}`);
    for (const line of summary.untouchedFindings) console.log(`    ${line}`);
    console.log(`  other new findings while mutated: ${summary.extraFindingsOnMutants.length}`);
    for (const line of summary.extraFindingsOnMutants.slice(0, 20)) console.log(`    ${line}`);
    for (const line of summary.missed) console.log(`  missed ${line}`);
  }
} finally {
  rmSync(workFolder, { recursive: true, force: true });
}
