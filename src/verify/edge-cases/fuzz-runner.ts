/**
 * The fuzzing harness: run by Baton in a child process inside the sandbox, never imported. It loads
 * each target module with jiti (TypeScript included), calls the exported function with inputs that
 * fast-check generates from the parameter types, and prints one JSON line per event.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { createJiti } from 'jiti';
import {
  crashErrorNames,
  type FuzzEvent,
  type FuzzJob,
  type FuzzTarget,
  fuzzJobSchema,
  type ValueShape,
} from './fuzz-job.js';

const hugeLength = 100_000;

/** Strings that break code which assumes ASCII, short input or a non-empty value. */
const awkwardStrings = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  'e\u0301',
  '😀',
  '👩‍👩‍👧',
  '\uD800',
  'İ',
  'ß',
  '\u202Eabc',
  '中文字符',
  '%',
  '%E0%A4%A',
  'null',
  '-1',
  'a'.repeat(hugeLength),
];

const awkwardNumbers = [
  0,
  -0,
  -1,
  1,
  0.1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  Number.MAX_VALUE,
  hugeLength,
];

function hugeArrayOf(shape: ValueShape): unknown[] | undefined {
  const fill =
    shape.kind === 'string' ? 'x' : shape.kind === 'number' ? 1 : shape.kind === 'boolean' ? true : undefined;
  return fill === undefined ? undefined : new Array(hugeLength).fill(fill);
}

/** Values of a shape: random ones, and the empty, huge and non-ASCII ones code most often forgets. */
export function arbitraryOf(shape: ValueShape, hostile: boolean): fc.Arbitrary<unknown> {
  let base: fc.Arbitrary<unknown>;
  if (shape.kind === 'string')
    base = fc.oneof(
      fc.constantFrom(...awkwardStrings),
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
    );
  else if (shape.kind === 'number')
    base = fc.oneof(fc.constantFrom(...awkwardNumbers), fc.integer({ min: -1e6, max: 1e6 }), fc.double());
  else if (shape.kind === 'boolean') base = fc.boolean();
  else if (shape.kind === 'literal') base = fc.constantFrom(...shape.values);
  else if (shape.kind === 'array') {
    const element = arbitraryOf(shape.element, hostile);
    const huge = hugeArrayOf(shape.element);
    base = fc.oneof(
      fc.constant([]),
      fc.array(element, { maxLength: 12 }),
      ...(huge ? [fc.constant(huge)] : []),
    );
  } else {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const property of shape.properties) model[property.name] = arbitraryOf(property.shape, hostile);
    const requiredKeys = shape.properties
      .filter((property) => !property.optional)
      .map((property) => property.name);
    base = fc.record(model, { requiredKeys });
  }
  const extra: fc.Arbitrary<unknown>[] = [];
  if (shape.nullable || hostile) extra.push(fc.constant(null));
  if (shape.undefinable || hostile) extra.push(fc.constant(undefined));
  return extra.length > 0 ? fc.oneof(base, ...extra) : base;
}

/** Whether an error is a crash: a built-in error type, with a message the function does not throw on purpose. */
export function isCrash(error: unknown, deliberateMessages: readonly string[]): error is Error {
  if (!(error instanceof Error)) return false;
  if (!crashErrorNames.includes(error.constructor.name)) return false;
  return !deliberateMessages.some(
    (message) => error.message === message || (message.length >= 6 && error.message.startsWith(message)),
  );
}

const shown = (value: unknown) => {
  const text = fc.stringify(value);
  return text.length > 120 ? `${text.slice(0, 60)}… (${text.length} characters)` : text;
};

/** Fuzzes one function; run inside the worker, reporting through `print`. */
async function fuzz(
  target: FuzzTarget,
  load: (file: string) => Promise<Record<string, unknown>>,
  job: FuzzJob,
  print: (event: FuzzEvent) => void,
) {
  print({ event: 'start', id: target.id });
  let exported: unknown;
  try {
    exported = (await load(target.file))[target.exportName];
  } catch (error) {
    const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    print({
      event: 'result',
      id: target.id,
      status: 'unloadable',
      runs: 0,
      reason: stack.split('\n').slice(0, 6).join('\n'),
    });
    return;
  }
  if (typeof exported !== 'function') {
    // The compiler sees a function; a module without it at run time was loaded in another format than it was written for.
    print({
      event: 'result',
      id: target.id,
      status: 'unloadable',
      runs: 0,
      reason: `the module loaded without the function ${target.exportName} that its types declare (${exported === undefined ? 'no such export' : `a ${typeof exported}`}); it may be written for another module format (CommonJS against ES modules) than the one it was loaded as`,
    });
    return;
  }
  const call = exported as (...args: unknown[]) => unknown;
  const arbitraries = target.parameters.map((parameter) => {
    const shape = parameter.optional ? { ...parameter.shape, undefinable: true } : parameter.shape;
    return arbitraryOf(shape, job.hostile);
  });
  const property = fc.asyncProperty(
    ...(arbitraries as [fc.Arbitrary<unknown>]),
    async (...args: unknown[]) => {
      try {
        await call(...structuredClone(args));
      } catch (error) {
        if (isCrash(error, target.deliberateMessages)) throw error;
      }
    },
  );
  const details = await fc.check(property, {
    numRuns: job.runs,
    seed: job.seed,
    plugins: [fc.interruptAfterTimeLimit(job.perFunctionMs)],
  });
  const counterexample = details.counterexample as unknown[] | null;
  if (!details.failed || counterexample === null) {
    print({ event: 'result', id: target.id, status: 'passed', runs: details.numRuns });
    return;
  }
  const error =
    details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
  const frame = error.stack
    ?.split('\n')
    .find((line) => line.includes(target.file))
    ?.trim();
  print({
    event: 'result',
    id: target.id,
    status: 'crashed',
    runs: details.numRuns,
    counterexample: counterexample.map(shown),
    error: {
      name: error.constructor.name,
      message: error.message.split('\n')[0] ?? '',
      ...(frame ? { frame } : {}),
    },
  });
}

const moduleFormatError =
  /is not defined in ES module scope|Cannot use import statement outside a module|ERR_REQUIRE_ESM|Unexpected token 'export'/;

/** Runs in the worker: loads the modules with jiti and fuzzes each target in turn. */
export async function fuzzInWorker(
  job: FuzzJob,
  print: (event: FuzzEvent) => void,
  importNative: (url: string) => Promise<unknown> = (url) => import(url),
): Promise<void> {
  const jiti = createJiti(import.meta.url, { fsCache: join(tmpdir(), 'baton-jiti'), interopDefault: false });
  const load = async (file: string) => {
    if (!/\.[cm]?jsx?$/.test(file)) return jiti.import<Record<string, unknown>>(file);
    // JavaScript loads the way Node.js loads it, so that code written for the other module format fails here as it would there.
    try {
      return (await importNative(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      if (moduleFormatError.test(String(error))) throw error;
      return jiti.import<Record<string, unknown>>(file);
    }
  };
  for (const target of job.targets) await fuzz(target, load, job, print);
}

// The worker is plain CommonJS that loads this file through jiti, so it runs from source and from dist;
// its own import() is Node's, which jiti would otherwise replace in this file.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { createJiti } = require(workerData.jitiFile);
createJiti(workerData.runnerFile)
  .import(workerData.runnerFile)
  .then((runner) => runner.fuzzInWorker(workerData.job, (event) => parentPort.postMessage(event), (url) => import(url)))
  .then(() => process.exit(0), (error) => { console.error(error); process.exit(3); });
`;

function printLine(event: FuzzEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/**
 * Fuzzes the targets in a worker thread and returns the ones left when a function hangs or kills
 * its worker: that one is reported, the worker terminated, and a fresh worker takes the rest.
 */
function runWorker(job: FuzzJob, jitiFile: string): Promise<FuzzTarget[]> {
  return new Promise((resolve) => {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { job, jitiFile, runnerFile: fileURLToPath(import.meta.url) },
      resourceLimits: { maxOldGenerationSizeMb: job.memoryMb },
      stdout: false,
    });
    let done = 0;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (status: 'timeout' | 'failed' | undefined, reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const current = job.targets[done];
      if (status && current) printLine({ event: 'result', id: current.id, status, runs: 0, reason });
      void worker.terminate();
      resolve(job.targets.slice(status ? done + 1 : done));
    };
    worker.on('message', (message: FuzzEvent) => {
      printLine(message);
      clearTimeout(timer);
      if (message.event === 'result') done += 1;
      // Well past fast-check's own time limit, the function itself must be stuck (a loop that never
      // ends); the margin is wide so that a busy machine is not mistaken for a hang.
      else {
        const limit = job.perFunctionMs + Math.max(5000, 2 * job.perFunctionMs);
        timer = setTimeout(() => finish('timeout', `no answer within ${limit} ms`), limit);
      }
    });
    worker.on('error', (error) => finish('failed', error.message));
    worker.on('exit', (code) => {
      if (done >= job.targets.length) finish(undefined, '');
      else
        finish('failed', code === 0 ? 'the function ended the process' : `the worker stopped (exit ${code})`);
    });
  });
}

async function main(jobFile: string): Promise<void> {
  // `-`: the job comes on standard input, since the sandbox shows the runner no folder of Baton's.
  const text = readFileSync(jobFile === '-' ? 0 : jobFile, 'utf8');
  const job = fuzzJobSchema.parse(JSON.parse(text));
  const jitiFile = createRequire(import.meta.url).resolve('jiti');
  let remaining = job.targets;
  while (remaining.length > 0) remaining = await runWorker({ ...job, targets: remaining }, jitiFile);
}

const jobFile = process.argv[2];
if (jobFile && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(jobFile).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  });
}
