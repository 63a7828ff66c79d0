// What `npm run demo` and `npm run demo:record` share: a throwaway copy of the example service in its
// own git repository, Baton run as a child process, and how a request names its component and
// attempt. Both scripts build the copy the same way, so the prompts they send are byte for byte equal
// and the committed cassette answers every one of them.
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export const batonRoot = new URL('..', import.meta.url).pathname;
export const bin = join(batonRoot, 'bin', 'baton.js');
export const example = join(batonRoot, 'examples', 'notification-preferences');
export const recordedAnswers = join(example, 'recorded');
/** The committed cassette, relative to the example (and so to its copy). */
export const cassetteName = 'recorded/demo.cassette.json';
export const cassetteFile = join(example, cassetteName);

export function requireBuild() {
  if (!existsSync(join(batonRoot, 'dist', 'index.js'))) {
    console.error('Baton is not built: run `npm ci` (it builds) or `npm run build` first.');
    process.exit(1);
  }
}

function git(service, ...args) {
  const result = spawnSync('git', ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.com', ...args], {
    cwd: service,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
}

/**
 * Copies the example without its recorded answers into a new git repository and commits it. The
 * service's dependencies come from Baton's own install through a symlink that git ignores, so
 * nothing is downloaded and the committed tree is the example's alone.
 */
export function copyExample(parent = tmpdir()) {
  const workspace = mkdtempSync(join(parent, 'baton-demo-'));
  const service = join(workspace, 'notification-preferences');
  cpSync(example, service, {
    recursive: true,
    filter: (path) => {
      const inside = relative(example, path);
      return (
        !inside.split('/').includes('node_modules') &&
        inside !== 'recorded' &&
        !inside.startsWith('recorded/')
      );
    },
  });
  symlinkSync(join(batonRoot, 'node_modules'), join(service, 'node_modules'), 'dir');
  git(service, 'init', '-q', '-b', 'main');
  appendFileSync(join(service, '.git', 'info', 'exclude'), 'node_modules\n');
  git(service, 'add', '-A');
  git(service, 'commit', '-q', '-m', 'The service before the feature');
  return { workspace, service };
}

/**
 * Runs the CLI without blocking this process, so a server in it (the fake model) keeps answering.
 * Output is echoed unless `quiet`; resolves with the exit code and what was printed.
 */
export function baton(service, args, options = {}) {
  if (!options.quiet) console.log(`$ baton ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: service,
      env: { ...process.env, BATON_PERSON: 'demo', NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!options.quiet && !options.captureStdout) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (!options.quiet) process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? 1, stdout, stderr }));
  });
}

function text(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('');
  return '';
}

/**
 * Which recorded answer a chat request asks for: the component its first prompt names
 * ("Component: <id> (<kind>).") and, for a repair, the attempt after the one its last message says
 * failed ("Attempt <n> at "…" (<id>) did not pass"). Undefined when the request names neither.
 */
export function recordedAnswerFor(messages) {
  const users = messages.filter((message) => message.role === 'user').map((message) => text(message.content));
  const first = users[0] ?? '';
  const component = /(?:^|\s)Component: ([a-z0-9-]+) \([a-z-]+\)\./m.exec(first)?.[1];
  if (!component) return undefined;
  if (users.length === 1) return { component, attempt: 1 };
  const repair = /^Attempt (\d+) at ".*" \(([a-z0-9-]+)\) did not pass the verification gate/m.exec(
    users.at(-1) ?? '',
  );
  if (!repair || repair[2] !== component) return undefined;
  return { component, attempt: Number(repair[1]) + 1 };
}

/** How many attempts each component takes with the recorded answers, in plan order. */
export const expectedAttempts = {
  'preferences-schema': 2,
  'preferences-api': 2,
  'preferences-form': 1,
  'notification-integration': 1,
  'feature-tests': 1,
};

/**
 * The fake OpenAI-compatible server, answering each chat request with the recorded answer it asks
 * for; a request that names none gets HTTP 400 and is listed in `unanswered`.
 */
export async function startRecordedModel() {
  const { fakeResponses, startFakeOpenAIServer } = await import(
    join(batonRoot, 'dist', 'testing', 'index.js')
  );
  const unanswered = [];
  const server = await startFakeOpenAIServer({
    respond(request) {
      const messages = Array.isArray(request.body?.messages) ? request.body.messages : [];
      const asked = recordedAnswerFor(messages);
      const file = asked && join(recordedAnswers, asked.component, `attempt-${asked.attempt}.md`);
      if (!file || !existsSync(file)) {
        const what = asked
          ? `${asked.component} attempt ${asked.attempt}`
          : request.lastUserText.split('\n')[0];
        unanswered.push(what);
        return fakeResponses.error(400, { error: { message: `No recorded answer for ${what}.` } });
      }
      return fakeResponses.reply(readFileSync(file, 'utf8'));
    },
  });
  return { baseURL: server.baseURL, unanswered, close: () => server.close() };
}

/**
 * Points `compatible:demo` at the fake server, in place of the config `baton init` wrote; `extra`
 * adds top-level sections (`verify`) and `prices` adds provider prices.
 */
export function writeCompatibleConfig(service, baseURL, { extra = {}, prices } = {}) {
  rmSync(join(service, 'baton.config.ts'), { force: true });
  const config = {
    packageManager: 'npm',
    testCommand: 'npm test',
    tsconfig: 'tsconfig.json',
    providers: {
      compatible: { demo: { baseURL, model: 'recorded-answers', apiKey: 'not-a-secret' } },
      ...(prices ? { prices } : {}),
    },
    ...extra,
  };
  writeFileSync(join(service, 'baton.config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

/** The latest run as the ledger holds it: each component with its status and attempts (with findings). */
export async function readRun(service) {
  const exported = await baton(service, ['ledger', 'export', '--json'], { quiet: true });
  if (exported.status !== 0) throw new Error(`baton ledger export failed: ${exported.stderr}`);
  return JSON.parse(exported.stdout);
}
