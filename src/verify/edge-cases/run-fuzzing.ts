import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import type { CheckContext } from '../check.js';
import { findEnvironmentCause } from '../environment-causes.js';
import { type Finding, lineRange } from '../finding.js';
import { toProjectPath } from '../project.js';
import { runProjectCode } from '../sandbox-findings.js';
import { edgeCaseRules } from './edge-case-rules.js';
import { type FuzzEvent, type FuzzJob, type FuzzResult, fuzzEventSchema } from './fuzz-job.js';
import { type FuzzTargetLocation, findFuzzTargets } from './fuzz-targets.js';

/** A fixed seed, so that a run finds the same counterexample again; it is named in every finding. */
export const fuzzSeed = 20_240_601;

/** The runner as compiled JavaScript, or as TypeScript through jiti's loader when Baton runs from source; `-` reads the job from stdin. */
function runnerArguments(jobFile: string): string[] {
  const compiled = fileURLToPath(new URL('./fuzz-runner.js', import.meta.url));
  if (existsSync(compiled)) return [compiled, jobFile];
  // `jiti/register` is exported for `import` only, so it is found from the package's folder.
  const jitiFolder = dirname(createRequire(import.meta.url).resolve('jiti/package.json'));
  const register = join(jitiFolder, 'lib', 'jiti-register.mjs');
  return [
    '--import',
    pathToFileURL(register).href,
    fileURLToPath(new URL('./fuzz-runner.ts', import.meta.url)),
    jobFile,
  ];
}

/** The runner's JSON lines; anything else it prints (the code under test logging) is skipped. */
export function readFuzzEvents(stdout: string): FuzzEvent[] {
  const events: FuzzEvent[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{"event"')) continue;
    try {
      const parsed = fuzzEventSchema.safeParse(JSON.parse(line));
      if (parsed.success) events.push(parsed.data);
    } catch {
      // A line cut off by the output limit.
    }
  }
  return events;
}

function crashFinding(
  root: string,
  file: string,
  location: FuzzTargetLocation,
  result: FuzzResult,
  name: string,
): Finding {
  const error = result.error ?? { name: 'Error', message: 'crashed' };
  const input = (result.counterexample ?? []).join(', ');
  return {
    checkId: 'edge-cases',
    ruleId: edgeCaseRules.fuzzCrash,
    severity: 'error',
    file: toProjectPath(root, file),
    range: lineRange(location.line, location.column),
    cwe: 'CWE-20',
    message: `${name}(${input}) throws ${error.name}: ${error.message}${error.frame ? ` (${error.frame.replaceAll(`${root}/`, '')})` : ''}. Counterexample shrunk from the failing input found after ${result.runs} generated ${result.runs === 1 ? 'input' : 'inputs'} (seed ${fuzzSeed}).`,
    hint: 'Handle this input (empty, null or undefined where the type allows it, huge, non-ASCII) or reject it on purpose with a clear error; an error the function throws itself with its own message is not a crash.',
  };
}

type FoundTarget = ReturnType<typeof findFuzzTargets>[number];

function timeoutFinding(root: string, item: FoundTarget, limit: string): Finding {
  return {
    checkId: 'edge-cases',
    ruleId: edgeCaseRules.fuzzTimeout,
    severity: 'error',
    cwe: 'CWE-835',
    file: toProjectPath(root, item.target.file),
    range: lineRange(item.location.line, item.location.column),
    message: `${item.target.exportName} did not return on a generated input (${limit}): an input made it loop or run too long.`,
    hint: 'Look for loops whose end depends on the input (NaN, Infinity, negative or huge numbers, very long strings), or raise verify.fuzzTimeoutMs.',
  };
}

function failedFinding(root: string, item: FoundTarget | undefined, reason: string): Finding {
  return {
    checkId: 'edge-cases',
    ruleId: edgeCaseRules.fuzzFailed,
    severity: 'error',
    cwe: 'CWE-400',
    file: item ? toProjectPath(root, item.target.file) : '.',
    range: lineRange(item?.location.line ?? 1, item?.location.column ?? 1),
    message: `Fuzzing stopped${item ? ` while calling ${item.target.exportName}` : ''}: ${reason}`,
    hint: 'The code under test may exit the process or exhaust its memory on one of the inputs (a huge count or length); run it on such inputs yourself.',
  };
}

/** A module the fuzzer could not load: the environment (module format, a missing package), not a crash. */
function couldNotRunFinding(root: string, items: readonly FoundTarget[], reason: string): Finding {
  const [first] = items;
  const cause = findEnvironmentCause(reason, null, { moduleFormat: true });
  const names = items.map((item) => item.target.exportName).join(', ');
  const text = reason.split('\n').slice(0, 3).join(' ').replaceAll(`${root}/`, '');
  const detail = /^the module/.test(text)
    ? text
    : `${first ? 'the module did not load' : 'the fuzzer stopped before calling any function'}: ${text}`;
  return {
    checkId: 'edge-cases',
    ruleId: edgeCaseRules.couldNotRun,
    severity: 'note',
    file: first ? toProjectPath(root, first.target.file) : '.',
    range: lineRange(1),
    message: `Fuzzing could not run${first ? ` ${names}` : ''}, which says nothing of the code: ${detail}`,
    hint:
      cause?.hint ??
      'Load the module yourself (node, or tsx for TypeScript) to see why it fails; fuzzing resumes once it loads.',
  };
}

/** The target files fuzzing covers: for a plan component, only those its `files` globs name. */
function componentFiles(context: CheckContext): readonly string[] {
  const component = context.settings.component;
  const globs = component?.files ?? [];
  if (!component || globs.length === 0) return context.targetFiles;
  const matches = picomatch([...globs], { dot: true });
  const folders = globs
    .filter((glob) => !picomatch.scan(glob).isGlob)
    .map((glob) => `${glob.replace(/\/+$/, '')}/`);
  return context.targetFiles.filter((file) => {
    const path = relative(component.planRoot, file).split(sep).join('/');
    return matches(path) || folders.some((folder) => path.startsWith(folder));
  });
}

/**
 * Fuzzes the exported functions of the target files in the sandbox and reports each crash with its
 * shrunk counterexample.
 */
export async function fuzzExportedFunctions(context: CheckContext): Promise<Finding[]> {
  const mode = context.settings.fuzz ?? 'off';
  if (mode === 'off') return [];
  const { root } = context.project;
  const found = findFuzzTargets(context.getProgram(), root, componentFiles(context));
  if (found.length === 0) return [];
  const timeoutMs = context.settings.fuzzTimeoutMs ?? 60_000;
  const job: FuzzJob = {
    targets: found.map((item) => item.target),
    runs: context.settings.fuzzRuns ?? 100,
    seed: fuzzSeed,
    hostile: mode === 'hostile',
    perFunctionMs: Math.min(10_000, Math.max(200, Math.floor(timeoutMs / (2 * found.length + 2)))),
    memoryMb: Math.max(64, Math.floor(context.settings.testMemoryMb / 2)),
  };
  // The code runs on the sandbox's throwaway copy of the project: whatever it writes goes with it.
  const run = await runProjectCode(context, 'edge-cases', {
    cwd: root,
    command: process.execPath,
    args: runnerArguments('-'),
    stdin: JSON.stringify(job),
    timeoutMs,
    memoryMb: context.settings.testMemoryMb,
    env: { NODE_ENV: 'test', NO_COLOR: '1' },
  });
  const { result } = run;
  if (!result) return run.findings;
  const events = readFuzzEvents(result.stdout);
  const findings: Finding[] = [...run.findings];
  const finished = new Set<string>();
  const unloadable = new Map<string, { items: FoundTarget[]; reason: string }>();
  for (const event of events) {
    if (event.event !== 'result') continue;
    finished.add(event.id);
    const item = found.find((candidate) => candidate.target.id === event.id);
    if (!item) continue;
    if (event.status === 'crashed')
      findings.push(crashFinding(root, item.target.file, item.location, event, item.target.exportName));
    if (event.status === 'timeout') findings.push(timeoutFinding(root, item, event.reason ?? 'no answer'));
    if (event.status === 'failed')
      findings.push(failedFinding(root, item, event.reason ?? 'the worker running it stopped'));
    if (event.status === 'unloadable') {
      const entry = unloadable.get(item.target.file) ?? { items: [], reason: event.reason ?? '' };
      entry.items.push(item);
      unloadable.set(item.target.file, entry);
    }
  }
  for (const { items, reason } of unloadable.values()) findings.push(couldNotRunFinding(root, items, reason));
  const started = events.filter((event) => event.event === 'start').map((event) => event.id);
  const stuck = started.find((id) => !finished.has(id));
  const stuckItem = found.find((candidate) => candidate.target.id === stuck);
  if (result.timedOut && stuckItem)
    findings.push(timeoutFinding(root, stuckItem, `the fuzzing run's limit of ${timeoutMs} ms`));
  else if (result.exitCode !== 0 && !result.timedOut && started.length === 0)
    // The runner stopped before it called anything: nothing is known about the code.
    findings.push(couldNotRunFinding(root, [], result.stderr.trim().split('\n').slice(-6).join('\n')));
  else if (result.exitCode !== 0 && !result.timedOut)
    findings.push(
      failedFinding(
        root,
        stuckItem,
        `exit ${result.exitCode ?? result.signal}: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
      ),
    );
  return findings;
}
