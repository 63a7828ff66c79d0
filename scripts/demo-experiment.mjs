#!/usr/bin/env node
// `npm run demo:experiment`: a small prompt experiment on the example's schema component, offline.
// Two variants of the component's prompt: the plan's own, and one that adds a constraint spelling out
// that user_id is UNIQUE. The local fake OpenAI-compatible server answers from the recorded answers:
// the plan's prompt gets the first recorded answer (the missing UNIQUE the gate refuses) and the
// repair; the spelled-out prompt gets the fixed answer first. Each sample runs the real engine path
// (prompt, edits in a worktree, the gate with the SQL schema check, repair) from the same commit.
// Exit 0 when the experiment finished and its report shows what the recorded answers imply.
//   --samples <n>    samples per variant (default 3)
//   --checks <ids>   the checks every gate runs, comma-separated (verify.checks), or `all` for every
//                    check the plan and triage ask for (default: the checks the component's plan
//                    names: its kind's types, api and sql, and tests for its acceptance tests)
//   --keep           leave the copy on disk (it holds the HTML report)
//   --into <dir>     make the copy inside <dir> and keep it (for tests that read its ledger)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  baton,
  batonRoot,
  copyExample,
  recordedAnswers,
  requireBuild,
  writeCompatibleConfig,
} from './demo-workspace.mjs';

const component = 'preferences-schema';
const marker =
  'user_id must be UNIQUE: the table holds at most one row per user, and the schema check tests it.';
const variants = `variants:
  - id: plan
    description: The component's prompt as the plan writes it.
    baseline: true
  - id: unique-spelled-out
    description: Adds a constraint that names the UNIQUE on user_id and why.
    add:
      constraints:
        - "${marker}"
`;

/** The checks the plan names for the schema component: its kind's, and tests for its acceptance tests. */
const planChecks = ['types', 'api', 'sql', 'tests'];
/** An illustrative price, so the report shows cost in dollars rather than tokens. */
const prices = { 'compatible:demo': { inputPerMillionTokens: 3, outputPerMillionTokens: 15 } };

requireBuild();
const option = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const into = option('--into');
const keep = process.argv.includes('--keep') || into !== undefined;
const samples = Number(option('--samples') ?? 3);
const checksOption = option('--checks');
const checks =
  checksOption === 'all'
    ? undefined
    : checksOption
      ? checksOption.split(',').map((id) => id.trim())
      : planChecks;

function text(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('');
  return '';
}

const { fakeResponses, startFakeOpenAIServer } = await import(join(batonRoot, 'dist', 'testing', 'index.js'));
const recorded = (attempt) => readFileSync(join(recordedAnswers, component, `attempt-${attempt}.md`), 'utf8');
// The recorded repair rewrites only the migration; with the first answer's test file it is a whole answer.
const firstAnswer = recorded(1);
const wholeFixedAnswer = `${recorded(2).trimEnd()}\n\n${firstAnswer.slice(firstAnswer.indexOf('```ts file=test/migrations.test.ts'))}`;
const server = await startFakeOpenAIServer({
  respond(request) {
    const messages = Array.isArray(request.body?.messages) ? request.body.messages : [];
    const users = messages
      .filter((message) => message.role === 'user')
      .map((message) => text(message.content));
    // The spelled-out prompt gets the fixed answer at once; the plan's gets the recorded first answer, then the repair.
    if ((users[0] ?? '').includes(marker)) return fakeResponses.reply(wholeFixedAnswer);
    return fakeResponses.reply(recorded(Math.min(2, users.length)));
  },
});

if (into) mkdirSync(into, { recursive: true });
const { workspace, service } = copyExample(into);
let failed = false;
try {
  console.log(`A copy of the example service: ${service}\n`);
  failed ||= (await baton(service, ['init'])).status !== 0;
  writeCompatibleConfig(service, server.baseURL, {
    prices,
    extra: checks ? { verify: { checks } } : {},
  });
  console.log(
    checks
      ? `Every gate runs ${checks.join(', ')} (verify.checks; --checks all runs every check the plan and triage ask for).\n`
      : 'Every gate runs every check the plan and triage ask for.\n',
  );
  writeFileSync(join(service, 'variants.yaml'), variants);
  console.log(variants);
  const run = await baton(service, [
    'experiment',
    'plan.yaml',
    component,
    '--variants',
    'variants.yaml',
    '--samples',
    String(samples),
    '--max-attempts',
    '2',
    '--provider',
    'compatible:demo',
    '--id',
    'demo-schema',
  ]);
  failed ||= run.status !== 0;
  console.log();
  const report = await baton(service, ['experiment', 'report', 'demo-schema']);
  failed ||= report.status !== 0;
  failed ||=
    (
      await baton(service, [
        'experiment',
        'report',
        'demo-schema',
        '--format',
        'html',
        '--out',
        'experiment.html',
      ])
    ).status !== 0;
  const json = await baton(service, ['experiment', 'report', 'demo-schema', '--format', 'json'], {
    quiet: true,
  });
  const summary = JSON.parse(json.stdout);
  const rate = (key) => summary.variants.find((variant) => variant.key === key)?.firstPass;
  const plan = rate('plan');
  const spelled = rate('unique-spelled-out');
  const expected =
    plan?.count === 0 && plan?.of === samples && spelled?.count === samples && spelled?.of === samples;
  const seconds = (milliseconds) => `${(milliseconds / 1000).toFixed(1)} s`;
  for (const variant of summary.variants)
    if (variant.latencyMs.mean !== null)
      console.log(
        `${variant.key}: ${seconds(variant.latencyMs.mean)} per sample over ${variant.attempts.mean?.toFixed(1)} attempts on average.`,
      );
  if (!expected) {
    failed = true;
    console.log(
      `\nExpected the plan's prompt to pass first time 0/${samples} and the spelled-out one ${samples}/${samples}.`,
    );
  }
  console.log(
    `\nThe HTML report with charts: ${join(service, 'experiment.html')}${keep ? '' : ' (removed with the copy; pass --keep to keep it)'}`,
  );
} finally {
  await server.close();
  if (!keep) rmSync(workspace, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
