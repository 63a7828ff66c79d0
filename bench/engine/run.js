// Times the engine of `baton run` on a generated 1,000-component plan with a zero-latency in-process
// provider and trivial checks, against a baseline measured here in the same process: the bare queue
// and scheduler with no-op handlers. Attempts run in plain folders (the engine's `directory`
// workspace), so git worktrees are not in the figure; the ledger is a real SQLite file.
// Run after `npm run build`: `npm run bench:engine`. Targets: ≤ 2 ms per component over the baseline,
// ≤ 300 MiB peak.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../dist/core/config/load.js';
import { createInProcessQueue } from '../../dist/engine/in-process-queue.js';
import { runPlan } from '../../dist/engine/run-plan.js';
import { scheduleComponents } from '../../dist/engine/schedule-components.js';
import { openSqliteLedger } from '../../dist/ledger/sqlite-store.js';
import { createLedgerRecorder } from '../../dist/providers/ledger-recorder.js';
import { createRedactor } from '../../dist/providers/redact.js';
import { withReliability } from '../../dist/providers/reliable-provider.js';
import { createScriptedProvider } from '../../dist/testing/scripted-provider.js';

const componentCount = Number(process.env.BENCH_COMPONENTS ?? 1000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4);
const targetMsPerComponent = 2;
const targetMiB = 300;
// Every step commits with SQLite's synchronous=FULL and every attempt writes and removes a folder, so
// on a disk the figure is mostly fsync and file-system time; the default puts the ledger and the
// project in memory-backed /dev/shm to measure the engine itself. BENCH_DIR=/tmp measures the same run
// against the disk (BENCH_LEDGER_DIR moves only the ledger).
const benchDirectory = process.env.BENCH_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
const ledgerDirectory = process.env.BENCH_LEDGER_DIR ?? benchDirectory;
// High enough never to stop the run: it makes the engine keep the run's cost, as a real budget does.
const budgetUsd = 1_000_000;
// A dollar budget needs a price for the provider, or the run is refused before its first call.
const prices = { 'compatible:bench': { inputPerMillionTokens: 1, outputPerMillionTokens: 1 } };

function writeFile(root, path, text) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function componentId(index) {
  return `component-${String(index).padStart(4, '0')}`;
}

function generateProject(root) {
  writeFile(root, 'package.json', `${JSON.stringify({ name: 'bench', type: 'module' })}\n`);
  writeFile(root, 'src/shared.ts', 'export const shared = 1;\n');
  const lines = ['feature:', '  name: Generated feature', 'components:'];
  for (let index = 0; index < componentCount; index++) {
    const dependencies = [index - 1, index - 7].filter((other) => other >= 0 && index % 3 !== 0);
    lines.push(
      `  - id: ${componentId(index)}`,
      `    title: Component ${index}`,
      '    kind: other',
      `    dependsOn: [${dependencies.map(componentId).join(', ')}]`,
      `    files: [src/new-${index}.ts]`,
      '    estimateHours: 1',
      '    prompt:',
      `      context: Export the constant value${index} from src/new-${index}.ts.`,
      '    acceptance:',
      `      - criterion: value${index} is exported`,
      '        command: npx tsc --noEmit',
    );
  }
  writeFile(root, 'plan.yaml', `${lines.join('\n')}\n`);
}

/** Checks with the built-in ids that find nothing, and a gate that runs them without building a program. */
const trivialChecks = () =>
  ['types', 'api', 'tests'].map((id) => ({
    id,
    description: `trivial ${id}`,
    scope: 'file',
    appliesTo: () => true,
    run: async () => [],
  }));

async function trivialGate(options) {
  const checks = [];
  for (const id of options.checkIds) {
    const check = options.available.find((candidate) => candidate.id === id);
    const started = performance.now();
    const findings = await check.run({});
    checks.push({
      checkId: id,
      status: findings.length === 0 ? 'passed' : 'failed',
      findings: findings.length,
      blocking: findings.length,
      durationMs: Math.round(performance.now() - started),
    });
  }
  return {
    findings: [],
    evidence: {
      requiredChecks: [...options.checkIds],
      unavailableChecks: [...options.unavailable],
      checks,
      blockingFindings: 0,
      failOn: options.verify.failOn,
      passed: checks.every((check) => check.status === 'passed'),
    },
  };
}

function sampleMemory() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

/** CPU time of this process in milliseconds: steadier than wall time on a machine shared with other work. */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function baseline(components) {
  const queue = createInProcessQueue();
  queue.process(async () => 'done', { concurrency });
  const started = performance.now();
  const startedCpu = cpuMs();
  await scheduleComponents(components, queue);
  const elapsed = { wallMs: performance.now() - started, cpuMs: cpuMs() - startedCpu };
  await queue.close();
  return elapsed;
}

const root = mkdtempSync(join(benchDirectory, 'baton-bench-engine-'));
try {
  generateProject(root);
  const ledgerFolder = mkdtempSync(join(ledgerDirectory, 'baton-bench-ledger-'));
  const config = await loadConfig({ cwd: root, env: {}, flags: { ledger: join(ledgerFolder, 'ledger.db') } });
  const ledger = await openSqliteLedger({ path: config.ledger.path });
  const scripted = createScriptedProvider(
    (request) => {
      const index = /value(\d+)/.exec(request.messages.at(-1)?.content ?? '')?.[1] ?? '0';
      return `\`\`\`ts src/new-${index}.ts\nexport const value${index} = ${index};\n\`\`\`\n`;
    },
    { id: 'compatible:bench' },
  );
  const provider = withReliability(scripted, {
    observers: [createLedgerRecorder({ ledger, redactor: createRedactor({}), prices })],
  });
  const schedulable = Array.from({ length: componentCount }, (_, index) => ({
    id: componentId(index),
    dependsOn: [index - 1, index - 7].filter((other) => other >= 0 && index % 3 !== 0).map(componentId),
  }));
  await baseline(schedulable); // warm-up
  const { wallMs: baselineMs, cpuMs: baselineCpuMs } = await baseline(schedulable);

  const peakMemory = sampleMemory();
  const started = performance.now();
  const startedCpu = cpuMs();
  const result = await runPlan({
    config,
    ledger,
    provider,
    planFile: join(root, 'plan.yaml'),
    concurrency,
    budgetUsd,
    prices,
    workspace: 'directory',
    createChecks: trivialChecks,
    gate: trivialGate,
  });
  const engineMs = performance.now() - started;
  const engineCpuMs = cpuMs() - startedCpu;
  const peakMiB = peakMemory() / 1024 / 1024;
  const done = [...result.states.values()].filter((state) => state === 'done').length;
  const counts = await ledger.counts();
  await ledger.close();
  rmSync(ledgerFolder, { recursive: true, force: true });

  const perComponent = (engineMs - baselineMs) / componentCount;
  const cpuPerComponent = (engineCpuMs - baselineCpuMs) / componentCount;
  const verdict = (ok) => (ok ? 'ok' : 'OVER TARGET');
  console.log(
    `baton run engine, ${componentCount} components, concurrency ${concurrency}, zero-latency provider, trivial checks`,
  );
  console.log(
    `  run status:                 ${result.status} (${done}/${componentCount} done, ${scripted.requests.length} provider calls)`,
  );
  console.log(`  ledger:                     SQLite (WAL, synchronous=FULL) in ${ledgerDirectory}`);
  console.log(`  attempt folders:            ${benchDirectory}`);
  console.log(
    `  ledger rows:                ${counts.attempts} attempts, ${counts.responses} responses, ${counts.edits} edits, ${counts.events} events`,
  );
  console.log(
    `  baseline (queue+scheduler): ${baselineMs.toFixed(1)} ms total (${baselineCpuMs.toFixed(1)} ms CPU), ${(baselineMs / componentCount).toFixed(4)} ms per component`,
  );
  console.log(
    `  engine:                     ${engineMs.toFixed(1)} ms total (${engineCpuMs.toFixed(1)} ms CPU), ${(engineMs / baselineMs).toFixed(1)}× the baseline`,
  );
  console.log(
    `  overhead per component:     ${perComponent.toFixed(3)} ms over the baseline (target ≤ ${targetMsPerComponent} ms) ${verdict(perComponent <= targetMsPerComponent)}`,
  );
  console.log(
    `  CPU per component:          ${cpuPerComponent.toFixed(3)} ms over the baseline (the same figure without other processes' load)`,
  );
  console.log(
    `  peak memory (RSS):          ${peakMiB.toFixed(1)} MiB (target ≤ ${targetMiB} MiB) ${verdict(peakMiB <= targetMiB)}`,
  );
  console.log('  not measured:');
  console.log(
    '    - git worktrees (the default workspace): attempts ran in plain folders, with no git process',
  );
  console.log('    - real checks (type check, tests…) and provider latency: both are zero here');
  console.log('    - repair attempts: every first answer passes, so each component makes one attempt');
  if (benchDirectory.startsWith('/dev/shm') || ledgerDirectory.startsWith('/dev/shm'))
    console.log('    - disk: fsync and file-system time (run with BENCH_DIR=/tmp to include them)');
  console.log('    - process start-up and module loading (the timer starts at runPlan)');
  if (result.status !== 'succeeded') process.exitCode = 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
