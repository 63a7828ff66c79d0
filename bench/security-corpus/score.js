// Scores the security check on a labelled corpus it was not written with: the test folders of
// GitHub's CodeQL JavaScript queries (MIT), javascript/ql/test/query-tests/Security/CWE-*, or the
// tests of Semgrep's taint rules for JavaScript and TypeScript (semgrep/semgrep-rules).
//
// Getting the corpus: the repository is large; clone only the test folders, outside this repository,
//   git clone --depth 1 --filter=blob:none --sparse https://github.com/github/codeql /work/fetched/codeql
//   S=javascript/ql/test/query-tests/Security
//   git -C /work/fetched/codeql sparse-checkout set $S/CWE-022 $S/CWE-078 $S/CWE-079 $S/CWE-089 \
//     $S/CWE-094 $S/CWE-117 $S/CWE-601 $S/CWE-918
// (or `sparse-checkout set $S` for every CWE folder, or copy single test files into the same layout by
// hand). For Semgrep's rules, copy each `mode: taint` rule under javascript/ and typescript/ with its
// test file (`<rule>.yaml` beside `<rule>.js`/`.ts`) into one folder; a file's CWE is read from its
// rule's metadata. Never commit either. docs/verify.md gives the figures.
//
// Run after `npm run build`:
//   node bench/security-corpus/score.js /work/fetched/codeql/javascript/ql/test/query-tests/Security
//   node bench/security-corpus/score.js <a CWE-… folder> [--dist <other build's dist>] [--json]
//
// Labels, per line: `$ Alert` and `$ MISSING: Alert` (newer tests) and `NOT OK` / `BAD` (older ones)
// mark a line where a vulnerability is reported; a comment alone on its line labels the next line
// (and, when that line is a bare `if (…)` or `else`, the statement it guards).
// `$ SPURIOUS: Alert`, `OK` and `GOOD` mark a safe line. Semgrep's `ruleid:` and `todoruleid:` (a
// finding the rule still misses) label the next line as an alert, `ok:` and `todook:` as safe.
// Figures per CWE:
//   - recall: alert lines covered by a security finding (a finding whose range includes the line);
//   - flagged-safe: of the other sink lines (every line where the analysis meets a sink, tainted or
//     not, that is not an alert line), the share with a finding; each such line is listed with the
//     rules of its findings.
// Semgrep's labels belong to one rule and often mark where the flow starts (the SQL text built, not the
// query run), so there an alert line is found by a finding of the rule's CWE whose range covers it or
// whose flow (`… (line N) → …`) passes it, and flagged-safe counts the rule's `ok:` lines with a
// finding of its CWE; the second column then reads "labelled-safe lines flagged".
// `--dist` runs another build's check (say, an older commit's) against the same sink lines.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const argv = process.argv.slice(2);
const corpus = argv.find((argument, index) => !argument.startsWith('--') && argv[index - 1] !== '--dist');
const distIndex = argv.indexOf('--dist');
const checkDist = resolve(distIndex >= 0 ? argv[distIndex + 1] : join(repositoryRoot, 'dist'));
const ownDist = join(repositoryRoot, 'dist');
const asJson = argv.includes('--json');
if (!corpus) {
  console.error(
    'usage: node bench/security-corpus/score.js <folder with CWE-* tests> [--dist <dist>] [--json]',
  );
  process.exit(2);
}

const sourceExtensions = /\.(js|jsx|mjs|cjs|ts|tsx|mts|cts)$/;
const alertLabel = /\/\/.*\$\s*(MISSING:\s*)?Alert\b|\/\/\s*(NOT OK|BAD)\b|(\/\/|\/\*)\s*(todo)?ruleid\s*:/;
const safeLabel = /\$\s*SPURIOUS:\s*Alert\b|\/\/\s*(OK|GOOD)\b|(\/\/|\/\*)\s*(todo)?ok\s*:/;

function listFiles(folder) {
  const files = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') files.push(...listFiles(path));
    else if (entry.isFile() && sourceExtensions.test(entry.name)) files.push(path);
  }
  return files;
}

/**
 * The labelled lines of a file, 1-based: `alerts`, and `ruleSafe`, the lines Semgrep's `ok:` labels
 * safe for its one rule. A comment alone on its line labels the next code line. `byRule` tells that
 * the labels are Semgrep's, which mark where a flow starts or where its rule matches rather than the
 * sink call, and say nothing of other weaknesses on the line.
 */
function readLabels(text) {
  const lines = text.split('\n');
  const alerts = new Set();
  const ruleSafe = new Set();
  const byRule = /(\/\/|\/\*)\s*(todo)?(ruleid|ok)\s*:/.test(text);
  let pending;
  lines.forEach((line, index) => {
    const commentOnly = /^\s*(\/\/|\{?\s*\/\*.*\*\/\s*\}?\s*$)/.test(line);
    const isAlert = alertLabel.test(line) && !/\$\s*SPURIOUS/.test(line);
    if (commentOnly) {
      if (isAlert) pending = 'alert';
      else if (safeLabel.test(line)) pending = 'safe';
      return;
    }
    if (line.trim() === '') return;
    if (isAlert || (pending === 'alert' && !safeLabel.test(line))) alerts.add(index + 1);
    else if (byRule && (pending === 'safe' || safeLabel.test(line))) ruleSafe.add(index + 1);
    // A label above `if (…)` or `else` with no body on that line belongs to the statement the branch runs.
    const bareBranch = /^\s*(\}\s*)?(if\s*\(.*\)|else)\s*$/.test(line);
    pending = bareBranch && pending === 'alert' ? 'alert' : undefined;
  });
  return { alerts, ruleSafe, byRule };
}

/** CWEs that name one weakness at two levels of detail, so that a finding under one answers a label of the other. */
const weaknessFamilies = [
  ['CWE-022', 'CWE-023', 'CWE-036', 'CWE-073'],
  ['CWE-094', 'CWE-095', 'CWE-096', 'CWE-1336'],
];
function family(cwe) {
  const padded = cwe?.replace(/^CWE-(\d+)$/, (_, digits) => `CWE-${digits.padStart(3, '0')}`);
  return weaknessFamilies.find((members) => members.includes(padded))?.[0] ?? padded;
}

/** The CWE of a test: its CWE-… folder, or the first CWE in the metadata of the rule beside it. */
function cweOf(path) {
  const fromFolder = /CWE-\d+/.exec(path)?.[0];
  if (fromFolder) return fromFolder;
  const rule = path.replace(sourceExtensions, '.yaml');
  const fromRule = /CWE-(\d+)/.exec(existsSync(rule) ? readFileSync(rule, 'utf8') : '')?.[1];
  return fromRule ? `CWE-${fromRule.padStart(3, '0')}` : 'other';
}

const corpusRoot = resolve(corpus);
const files = statSync(corpusRoot).isDirectory() ? listFiles(corpusRoot) : [corpusRoot];
const base = statSync(corpusRoot).isDirectory() ? corpusRoot : dirname(corpusRoot);
const project = mkdtempSync(join(tmpdir(), 'baton-security-corpus-'));
try {
  for (const file of files) {
    const target = join(project, 'src', relative(base, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'security-corpus', private: true }));
  const compilerOptions = {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    allowJs: true,
    checkJs: false,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
  symlinkSync(join(repositoryRoot, 'node_modules'), join(project, 'node_modules'), 'dir');

  const { verify } = await import(pathToFileURL(join(checkDist, 'verify/verify.js')).href);
  const report = await verify({ root: project, checks: ['security'], nativeCompiler: 'off' });
  const findings = report.findings.filter((finding) => finding.checkId === 'security');

  // Every line where the analysis meets a sink, tainted or not: the denominator for flagged-safe lines.
  const { analyseTaint } = await import(
    pathToFileURL(join(ownDist, 'verify/security/taint/taint-analysis.js')).href
  );
  const parsed = ts.parseJsonConfigFileContent({ compilerOptions, include: ['src'] }, ts.sys, project);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const sinkLines = new Map();
  analyseTaint(program, parsed.fileNames, {
    envSources: false,
    libraryMode: false,
    onSink(_sink, node) {
      const sourceFile = node.getSourceFile();
      const at =
        ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)
          ? node.expression.name
          : node;
      const line = sourceFile.getLineAndCharacterOfPosition(at.getStart(sourceFile)).line + 1;
      const endLine = sourceFile.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      const file = relative(project, sourceFile.fileName).replace(/\\/g, '/');
      if (!sinkLines.has(file)) sinkLines.set(file, new Map());
      const lines = sinkLines.get(file);
      lines.set(line, Math.max(lines.get(line) ?? line, endLine));
    },
  });

  const groups = new Map();
  const group = (cwe) => {
    if (!groups.has(cwe))
      groups.set(cwe, { alerts: 0, found: 0, otherSinks: 0, flagged: 0, missed: [], falseAlarms: [] });
    return groups.get(cwe);
  };
  const covering = (file, line) =>
    findings.filter(
      (finding) => finding.file === file && finding.range.startLine <= line && line <= finding.range.endLine,
    );
  const covers = (file, line) => covering(file, line).length > 0;
  // A rule's label is answered by a finding of its weakness whose sink covers the line or whose flow passes it.
  const answersRule = (file, line, cwe) =>
    findings.some(
      (finding) =>
        finding.file === file &&
        family(finding.cwe) === family(cwe) &&
        ((finding.range.startLine <= line && line <= finding.range.endLine) ||
          new RegExp(`\\(line ${line}\\)`).test(finding.message)),
    );
  for (const path of files) {
    const file = `src/${relative(base, path).replace(/\\/g, '/')}`;
    const cwe = cweOf(relative(base, path)) === 'other' ? cweOf(path) : cweOf(relative(base, path));
    const scores = group(cwe);
    const { alerts, ruleSafe, byRule } = readLabels(readFileSync(path, 'utf8'));
    for (const line of alerts) {
      scores.alerts += 1;
      if (byRule ? answersRule(file, line, cwe) : covers(file, line)) scores.found += 1;
      else scores.missed.push(`${file}:${line}`);
    }
    if (byRule) {
      // The rule's own safe lines, flagged only by a finding of the rule's weakness.
      for (const line of ruleSafe) {
        scores.otherSinks += 1;
        const rules = covering(file, line)
          .filter((finding) => family(finding.cwe) === family(cwe))
          .map((finding) => finding.ruleId);
        if (rules.length === 0) continue;
        scores.flagged += 1;
        scores.falseAlarms.push(`${file}:${line} (${[...new Set(rules)].join(', ')})`);
      }
      continue;
    }
    for (const [line, endLine] of sinkLines.get(file) ?? []) {
      // A sink spread over lines is an alert sink when any of its lines carries the label.
      if ([...alerts].some((alert) => line <= alert && alert <= endLine)) continue;
      scores.otherSinks += 1;
      if (covers(file, line)) {
        scores.flagged += 1;
        // The rules that flagged it: a finding of another weakness (a log line on an XSS test's line) shows here.
        const rules = [...new Set(covering(file, line).map((finding) => finding.ruleId))].join(', ');
        scores.falseAlarms.push(`${file}:${line} (${rules})`);
      }
    }
  }
  const percent = (part, whole) =>
    whole === 0 ? '   -  ' : `${((part / whole) * 100).toFixed(1).padStart(5)} %`;
  const rows = [...groups.entries()].sort(([left], [right]) => left.localeCompare(right));
  const total = rows.reduce(
    (sum, [, scores]) => ({
      alerts: sum.alerts + scores.alerts,
      found: sum.found + scores.found,
      otherSinks: sum.otherSinks + scores.otherSinks,
      flagged: sum.flagged + scores.flagged,
    }),
    { alerts: 0, found: 0, otherSinks: 0, flagged: 0 },
  );
  if (asJson) {
    console.log(
      JSON.stringify(
        { dist: checkDist, files: files.length, groups: Object.fromEntries(rows), total },
        null,
        2,
      ),
    );
  } else {
    console.log(`Security check on ${files.length} files of ${corpusRoot} (check from ${checkDist})`);
    console.log(
      `${'CWE'.padEnd(10)} ${'alert lines found'.padStart(22)}   ${'other sink lines flagged'.padStart(28)}`,
    );
    for (const [cwe, scores] of [...rows, ['all', total]]) {
      console.log(
        `${cwe.padEnd(10)} ${`${scores.found}/${scores.alerts}`.padStart(12)} ${percent(scores.found, scores.alerts)}   ${`${scores.flagged}/${scores.otherSinks}`.padStart(18)} ${percent(scores.flagged, scores.otherSinks)}`,
      );
    }
    for (const [cwe, scores] of rows) {
      for (const line of scores.missed) console.log(`  missed   ${cwe} ${line}`);
      for (const line of scores.falseAlarms) console.log(`  flagged  ${cwe} ${line}`);
    }
  }
} finally {
  rmSync(project, { recursive: true, force: true });
}
