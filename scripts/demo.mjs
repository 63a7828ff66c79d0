#!/usr/bin/env node
// `npm run demo`: Baton on the orchestrator article's own feature — user notification preferences —
// in a throwaway copy of the example service, with no API key and no network. It checks and triages
// the plan, renders and lints a component's prompt, applies a model's recorded answer to that prompt,
// runs the verification gate on it, and shows what the ledger recorded.
// Pass --keep to leave the copy on disk.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const batonRoot = new URL('..', import.meta.url).pathname;
const bin = join(batonRoot, 'bin', 'baton.js');
const example = join(batonRoot, 'examples', 'notification-preferences');
const keep = process.argv.includes('--keep');

if (!existsSync(join(batonRoot, 'dist', 'index.js'))) {
  console.error('Baton is not built: run `npm ci` (it builds) or `npm run build` first.');
  process.exit(1);
}
const { applyEdits, parseEdits } = await import(join(batonRoot, 'dist', 'index.js'));

const bold = (text) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[22m` : text);
const step = (number, title) => console.log(`\n${bold(`── ${number}. ${title}`)}\n`);

function baton(service, args) {
  console.log(`$ baton ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: service,
    encoding: 'utf8',
    env: { ...process.env, BATON_PERSON: 'demo', NO_COLOR: '1' },
  });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  console.log(`(exit ${result.status})`);
  return result;
}

function git(service, ...args) {
  const result = spawnSync('git', args, { cwd: service, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
}

const workspace = mkdtempSync(join(tmpdir(), 'baton-demo-'));
const service = join(workspace, basename(example));
let failed = false;
try {
  step(1, 'A copy of the example service, in its own git repository');
  cpSync(example, service, { recursive: true, filter: (path) => !path.split('/').includes('node_modules') });
  // The service's type declarations (pg, node) come from Baton's own install, so nothing is downloaded.
  symlinkSync(join(batonRoot, 'node_modules'), join(service, 'node_modules'), 'dir');
  git(service, 'init', '-q', '-b', 'main');
  git(service, '-c', 'user.name=Demo', '-c', 'user.email=demo@example.com', 'add', '-A');
  git(
    service,
    '-c',
    'user.name=Demo',
    '-c',
    'user.email=demo@example.com',
    'commit',
    '-q',
    '-m',
    'The service before the feature',
  );
  console.log(service);
  baton(service, ['init']);

  step(2, 'The plan: five components, validated and triaged');
  failed ||= baton(service, ['plan', 'check', 'plan.yaml']).status !== 0;

  step(3, 'Prompts: each element scored, vague wording and contradictions named');
  baton(service, ['prompt', 'lint', 'plan.yaml']);

  step(4, 'The prompt for the GET/PUT endpoints, with context from the repository');
  baton(service, ['prompt', 'plan.yaml', 'preferences-api', '--out', '.baton/prompts/preferences-api.md']);
  const prompt = readFileSync(join(service, '.baton', 'prompts', 'preferences-api.md'), 'utf8').split('\n');
  console.log(
    `${prompt.slice(0, 24).join('\n')}\n… (${prompt.length} lines in .baton/prompts/preferences-api.md)`,
  );

  step(5, "A model's answer to that prompt (recorded/preferences-api/attempt-1.md), applied to the worktree");
  const parsed = parseEdits(
    readFileSync(join(service, 'recorded', 'preferences-api', 'attempt-1.md'), 'utf8'),
  );
  const applied = applyEdits(service, parsed.edits);
  if (!applied.success)
    throw new Error(`the recorded edits did not apply: ${JSON.stringify(applied.issues)}`);
  for (const file of applied.value) console.log(`  wrote ${file.path}`);

  step(6, 'The verification gate, before any person reads the code');
  const verify = baton(service, [
    'verify',
    ...applied.value.map((file) => file.path),
    '--checks',
    'types,api',
  ]);
  if (verify.status === 0) {
    failed = true;
    console.log('The gate found nothing: the recorded answer should have been caught.');
  } else if (verify.status !== 1) {
    failed = true;
  }

  step(7, 'What the ledger recorded');
  baton(service, ['ledger', 'status']);
  baton(service, ['report', '--format', 'text']);

  console.log(
    `\n${bold('The gate refused the answer with evidence; the ledger holds its findings and the time each step took.')}${keep ? `\nThe copy is kept in ${service}` : ''}`,
  );
} finally {
  if (!keep) rmSync(workspace, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
