// Times `baton --help` and `baton --version` against `node -e 0`, in turn, as whole processes, and
// prints each pair's ratio and the median. Run after `npm run build`: `npm run bench:cli`.
// Target: each at most 1.5 × Node's own start-up (the commands load their modules only when they run).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.env.BENCH_RUNS ?? 15);
const target = 1.5;
const baton = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));

function timeOnce(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

const median = (values) => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
};

let failed = false;
for (const command of [['--help'], ['--version']]) {
  const baseline = ['-e', '0'];
  timeOnce([baton, ...command]);
  timeOnce(baseline);
  const ratios = [];
  const batonTimes = [];
  const nodeTimes = [];
  for (let run = 0; run < runs; run++) {
    const batonMs = timeOnce([baton, ...command]);
    const nodeMs = timeOnce(baseline);
    batonTimes.push(batonMs);
    nodeTimes.push(nodeMs);
    ratios.push(batonMs / nodeMs);
  }
  const ratio = median(ratios);
  const verdict = ratio <= target ? 'within' : 'over';
  if (ratio > target) failed = true;
  console.log(
    `baton ${command.join(' ')}: median ${median(batonTimes).toFixed(1)} ms; node -e 0: ${median(nodeTimes).toFixed(1)} ms; ratio (pair by pair, median of ${runs}) ${ratio.toFixed(2)} × — ${verdict} the ${target} × target`,
  );
}
process.exitCode = failed ? 1 : 0;
