#!/usr/bin/env node
// `npm run demo:record`: records the cassette `npm run demo` replays. The model is the local fake
// OpenAI-compatible server answering each request with the recorded answer it asks for
// (examples/notification-preferences/recorded/<component>/attempt-<n>.md), so the run goes through the
// real engine, SDK and HTTP; the cassette keeps every request and answer. Run it again whenever a
// prompt, the repair message or a recorded answer changes. Pass --keep to leave the copy on disk.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  baton,
  batonRoot,
  cassetteFile,
  copyExample,
  expectedAttempts,
  readRun,
  recordedAnswerFor,
  recordedAnswers,
  requireBuild,
  startRecordedModel,
  writeCompatibleConfig,
} from './demo-workspace.mjs';

requireBuild();
const { canonicalJson } = await import(join(batonRoot, 'dist', 'providers', 'cassette.js'));
const keep = process.argv.includes('--keep');

/** The same cassette for the same answers and prompts: fixed order and date, nothing of the machine. */
function normalize(cassette, order) {
  const position = (interaction) => {
    const asked = recordedAnswerFor(interaction.request.messages);
    return asked ? order.indexOf(asked.component) * 100 + asked.attempt : Number.MAX_SAFE_INTEGER;
  };
  const interactions = [...cassette.interactions]
    .sort((left, right) => position(left) - position(right) || (left.key < right.key ? -1 : 1))
    .map((interaction) => ({
      ...interaction,
      provider: 'compatible:demo',
      recordedAt: '2026-01-01T00:00:00.000Z',
    }));
  return { ...cassette, interactions };
}

const { workspace, service } = copyExample();
const server = await startRecordedModel();
let failed = false;
try {
  console.log(`Recording in ${service}`);
  if ((await baton(service, ['init'], { quiet: true })).status !== 0) throw new Error('baton init failed');
  writeCompatibleConfig(service, server.baseURL);
  const output = join(workspace, 'demo.cassette.json');
  const started = Date.now();
  const run = await baton(service, ['run', 'plan.yaml', '--provider', 'compatible:demo', '--record', output]);
  console.log(`(exit ${run.status}, ${((Date.now() - started) / 1000).toFixed(0)} s)`);

  const { tables } = await readRun(service);
  const differences = [];
  if (run.status !== 0) differences.push(`baton run exited ${run.status}`);
  for (const [id, attempts] of Object.entries(expectedAttempts)) {
    const component = tables.components.find((candidate) => candidate.key === id);
    const made = tables.attempts.filter((attempt) => attempt.componentId === component?.id).length;
    if (!component) differences.push(`${id}: not in the run`);
    else if (component.status !== 'done' || made !== attempts)
      differences.push(
        `${id}: ${component.status} after ${made} attempt(s), expected done after ${attempts}`,
      );
  }
  if (server.unanswered.length > 0)
    differences.push(`requests with no recorded answer: ${server.unanswered.join('; ')}`);
  if (differences.length > 0) {
    failed = true;
    console.error(
      `\nThe recording did not end as expected; the cassette was not written:\n- ${differences.join('\n- ')}`,
    );
  } else {
    const cassette = normalize(JSON.parse(readFileSync(output, 'utf8')), Object.keys(expectedAttempts));
    writeFileSync(cassetteFile, `${JSON.stringify(cassette, null, 2)}\n`);
    const bytes = canonicalJson(cassette).length;
    console.log(
      `\nWrote ${cassetteFile.slice(batonRoot.length)}: ${cassette.interactions.length} answers (${bytes} bytes) from ${recordedAnswers.slice(batonRoot.length)}.`,
    );
  }
} finally {
  await server.close();
  if (keep) console.log(`The copy is kept in ${service}`);
  else rmSync(workspace, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
