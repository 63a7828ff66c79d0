#!/usr/bin/env node
// `npm run demo`: Baton builds the orchestrator article's own feature — user notification preferences —
// in a throwaway copy of the example service, through the real engine, with no API key and no network.
// The model's answers come from a committed cassette (recorded/demo.cassette.json, made by
// `npm run demo:record`); the gate catches the mistakes they contain, the repair prompts fix them, and
// the run is reviewed, merged, documented and reported. Exit 0 only when every planted mistake was
// caught and fixed and every component is done.
//   --http  answer through the local fake OpenAI-compatible server instead (real SDK, real HTTP)
//   --keep  leave the copy on disk
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  baton,
  cassetteFile,
  copyExample,
  expectedAttempts,
  readRun,
  requireBuild,
  startRecordedModel,
  writeCompatibleConfig,
} from './demo-workspace.mjs';

/** The mistakes the recorded first answers make, where the gate must catch them. */
const planted = [
  {
    component: 'preferences-schema',
    ruleId: 'sql/one-per-parent-needs-unique',
    file: 'migrations/002_create_notification_preferences.sql',
    what: 'the migration lets a user have two preferences rows (no UNIQUE on user_id)',
  },
  {
    component: 'preferences-api',
    ruleId: 'api/missing-export',
    file: 'src/routes/notification-preferences.ts',
    what: 'the route imports a function the auth module does not export',
  },
  {
    component: 'preferences-api',
    ruleId: 'types/unhandled-null',
    file: 'src/users/notification-preferences-repository.ts',
    what: 'the repository reads rows[0] without checking that a row came back',
  },
  {
    component: 'preferences-api',
    ruleId: 'security/sql-injection',
    file: 'src/users/notification-preferences-repository.ts',
    what: 'the update splices request input into the SQL text',
  },
];

requireBuild();
const keep = process.argv.includes('--keep');
const http = process.argv.includes('--http');
const started = Date.now();
const bold = (text) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[22m` : text);
const step = (number, title) => console.log(`\n${bold(`── ${number}. ${title}`)}\n`);
const seconds = (from) => `${Math.round((Date.now() - from) / 1000)} s`;

/** What the ledger says about the run, per component in plan order. */
function describeRun(tables) {
  const merged = new Set(tables.merges.map((merge) => merge.componentId));
  return tables.components.map((component) => {
    const attempts = tables.attempts
      .filter((attempt) => attempt.componentId === component.id)
      .sort((left, right) => left.number - right.number)
      .map((attempt) => ({
        number: attempt.number,
        status: attempt.status,
        errors: tables.findings.filter(
          (finding) => finding.attemptId === attempt.id && finding.severity === 'error',
        ),
      }));
    const evidence = tables.attempts.find((attempt) => attempt.id === component.evidenceAttemptId);
    return {
      id: component.key,
      status: component.status,
      triage: component.triage,
      attempts,
      doneBy: evidence?.number,
      merged: merged.has(component.id),
    };
  });
}

/** file:line of each finding of a rule: a file named once, the same place once (with a count). */
function places(findings) {
  const byFile = new Map();
  for (const finding of findings) {
    const file = finding.file ?? '.';
    const lines = byFile.get(file) ?? new Map();
    const line = finding.line ? `:${finding.line}` : '';
    lines.set(line, (lines.get(line) ?? 0) + 1);
    byFile.set(file, lines);
  }
  return [...byFile]
    .map(([file, lines]) =>
      [...lines]
        .map(([line, count], index) => `${index === 0 ? file : ''}${line}${count > 1 ? ` (×${count})` : ''}`)
        .join(', '),
    )
    .join('; ');
}

function printSummary(components) {
  const width = Math.max(
    ...components
      .flatMap((component) => component.attempts[0]?.errors ?? [])
      .map((finding) => finding.ruleId.length),
    0,
  );
  for (const component of components) {
    const count = component.attempts.length;
    const state =
      component.status === 'done' ? `done after ${count} attempt${count === 1 ? '' : 's'}` : component.status;
    console.log(`${bold(component.id)}: ${state}${component.merged ? ', merged' : ''}`);
    const [first, ...rest] = component.attempts;
    if (!first) continue;
    if (first.status !== 'findings' && first.status !== 'passed') {
      console.log(`  attempt 1: ${first.status}`);
      continue;
    }
    if (first.errors.length === 0) {
      console.log('  attempt 1 passed the gate');
      continue;
    }
    console.log('  attempt 1 refused by the gate:');
    const rules = [...new Set(first.errors.map((finding) => finding.ruleId))];
    for (const ruleId of rules) {
      const findings = first.errors.filter((finding) => finding.ruleId === ruleId);
      console.log(`    ${ruleId.padEnd(width)}  ${places(findings)}`);
    }
    for (const attempt of rest) {
      if (attempt.status !== 'findings' && attempt.status !== 'passed') {
        console.log(`  attempt ${attempt.number}: ${attempt.status}`);
        continue;
      }
      const left = attempt.errors.map((finding) => finding.ruleId);
      console.log(
        attempt.errors.length === 0
          ? `  attempt ${attempt.number}: every finding fixed, the gate passed`
          : `  attempt ${attempt.number}: still ${[...new Set(left)].join(', ')}`,
      );
    }
  }
}

/** Every way the run differs from what the recorded answers should give; empty when all is well. */
function differences(components, runStatus) {
  const found = [];
  if (runStatus !== 0) found.push(`baton run exited ${runStatus}, not 0`);
  for (const [id, attempts] of Object.entries(expectedAttempts)) {
    const component = components.find((candidate) => candidate.id === id);
    if (!component) found.push(`${id} is not in the run`);
    else if (component.status !== 'done' || component.attempts.length !== attempts || !component.merged)
      found.push(
        `${id}: ${component.status} after ${component.attempts.length} attempt(s)${component.merged ? ', merged' : ', not merged'}; expected done after ${attempts}, merged`,
      );
  }
  for (const mistake of planted) {
    const component = components.find((candidate) => candidate.id === mistake.component);
    const [first, ...rest] = component?.attempts ?? [];
    const caught = first?.errors.some(
      (finding) => finding.ruleId === mistake.ruleId && finding.file === mistake.file,
    );
    const last = rest.at(-1);
    if (!caught)
      found.push(`${mistake.ruleId} was not caught in ${mistake.component} attempt 1 (${mistake.file})`);
    else if (
      !last ||
      last.errors.some((finding) => finding.ruleId === mistake.ruleId) ||
      component.doneBy !== last.number
    )
      found.push(`${mistake.ruleId} in ${mistake.component} was not fixed by a later attempt that passed`);
  }
  return found;
}

/** Review by policy (saying what a person would do), merge, the prompt docs and the report; false if one failed. */
async function reviewMergeAndReport(service) {
  let ok = true;
  step(4, 'Review: what a person would do next');
  await baton(service, ['review', '--list']);
  const before = describeRun((await readRun(service)).tables);
  const mandatory = before
    .filter((component) => component.triage === 'orchestrate+verify')
    .map((component) => component.id);
  console.log(
    `\nTriage made review mandatory for ${mandatory.join(', ')}.\nA person would read each diff with its findings inline and accept or reject it (\`baton review\`).\nThe demo has no person, so it accepts every component by policy; the ledger records that nobody\nreviewed them (\`accepted without review\`).\n`,
  );
  ok &&= (await baton(service, ['review', '--yes', '--include-mandatory', '--no-merge'])).status === 0;

  step(5, 'Merge, the prompt docs next to the code, and the report');
  ok &&= (await baton(service, ['merge'])).status === 0;
  console.log();
  ok &&= (await baton(service, ['docs', 'export'])).status === 0;
  console.log();
  ok &&= (await baton(service, ['report'])).status === 0;
  return ok;
}

const { workspace, service } = copyExample();
const model = http ? await startRecordedModel() : undefined;
let failed = false;
try {
  step(1, 'A copy of the example service, in its own git repository');
  console.log(`${service}\n`);
  failed ||= (await baton(service, ['init'])).status !== 0;

  step(2, 'The plan: five components, validated and triaged');
  failed ||= (await baton(service, ['plan', 'check', 'plan.yaml'])).status !== 0;

  let provider;
  if (model) {
    step(3, "The engine runs the plan against a model on 127.0.0.1 (Baton's fake OpenAI-compatible server)");
    console.log(
      'Each request goes through the real SDK over HTTP; the server answers with the recorded answer the\nprompt asks for (recorded/<component>/attempt-<n>.md). baton.config.json names it compatible:demo.\n',
    );
    writeCompatibleConfig(service, model.baseURL);
    provider = 'compatible:demo';
  } else {
    step(3, "The engine runs the plan, with a model's answers replayed from a cassette");
    console.log(
      'Every component is prompted, its answer applied in its own git worktree and put through the\nverification gate; a refused answer gets a repair prompt with the findings. The answers come from\nrecorded/demo.cassette.json (copied to .baton/cassettes/demo.json): no key, no network.\n',
    );
    mkdirSync(join(service, '.baton', 'cassettes'), { recursive: true });
    copyFileSync(cassetteFile, join(service, '.baton', 'cassettes', 'demo.json'));
    provider = 'replay:demo';
  }
  const runStarted = Date.now();
  const run = await baton(service, ['run', 'plan.yaml', '--provider', provider]);
  console.log(`(exit ${run.status}, ${seconds(runStarted)})`);
  const stale = `${run.stdout}${run.stderr}`.includes('REPLAY_MISS');
  const staleHint = [
    'The cassette is out of date: Baton now sends a prompt it has no recording of (a prompt, the repair',
    "message or a check's message changed). Run `npm run build && npm run demo:record` and commit",
    'examples/notification-preferences/recorded/demo.cassette.json.',
  ].join('\n');

  if (run.status === 0) failed ||= !(await reviewMergeAndReport(service));
  else console.log('\nThe run did not succeed, so there is nothing to review, merge or report.');

  step(run.status === 0 ? 6 : 4, 'What the gate caught, and how the repairs fixed it (from the ledger)');
  const components = describeRun((await readRun(service)).tables);
  printSummary(components);
  const wrong = differences(components, run.status);
  console.log();
  if (wrong.length === 0) {
    console.log(`Planted mistakes: ${planted.length} of ${planted.length} caught and fixed.`);
    for (const mistake of planted) {
      const first = components.find((component) => component.id === mistake.component)?.attempts[0];
      const where = places(first.errors.filter((finding) => finding.ruleId === mistake.ruleId));
      console.log(
        `  ✓ ${mistake.ruleId}: ${mistake.what}; caught in ${mistake.component} attempt 1 at ${where}, fixed by attempt 2`,
      );
    }
    console.log(
      `\n${bold('Nothing the model wrote was accepted without evidence: every mistake was refused with its file and line, and the repair prompt fixed it.')}`,
    );
  } else {
    failed = true;
    console.log(`${bold('The demo did not go as expected:')}\n- ${wrong.join('\n- ')}`);
    if (stale) console.log(`\n${staleHint}`);
  }
  if (run.status === 0) {
    step(7, "The article's common mistakes, from the ledger (baton audit)");
    console.log(
      "The gate caught what the model got wrong; the audit shows what the people (here, the demo) got wrong.\nAccepting by policy is the first of the article's mistakes: trusting AI completely.\n",
    );
    failed ||= (await baton(service, ['audit'])).status !== 0;
  }
  console.log(
    `\n(${http ? 'through HTTP' : 'replayed'}, ${seconds(started)} in all)${keep ? `\nThe copy is kept in ${service}` : ''}`,
  );
} finally {
  await model?.close();
  if (!keep) rmSync(workspace, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
