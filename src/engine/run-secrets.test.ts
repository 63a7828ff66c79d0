import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/load.js';
import { openSqliteLedger } from '../ledger/sqlite-store.js';
import { createLedgerRecorder } from '../providers/ledger-recorder.js';
import { withReliability } from '../providers/reliable-provider.js';
import { createProjectRedactor } from '../providers/setup.js';
import { createScriptedProvider } from '../testing/scripted-provider.js';
import { createRunProject, planYaml } from './__fixtures__/run-project.js';
import { runGate } from './run-gate.js';
import { runPlan } from './run-plan.js';
import type { AttemptEvidence } from './run-state.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// Shaped like an OpenAI project key, at a realistic length; it is no one's key.
const openAiKey = `sk-proj-${'Q7vR2mXk9LpT4wZ8nB1cH6dJ3fY0sA5gE2uK7iO9qT3wZ8xM1nB6vC4rD8eF'.repeat(2)}`;

const fileWithKey = [
  "import { fullName } from './names.js';",
  '',
  "/** The deployment the greeting is for; the project's .env says NODE_ENV=production. */",
  "export const mode: string = 'production';",
  `const apiKey = '${openAiKey}';`,
  '',
  '/** Greets a person. */',
  'export function hello(first: string, last: string): string {',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the file's content is a template literal.
  '  return `Hello, ${fullName(first, last)} (${mode}, ${apiKey.length})!`;',
  '}',
  '',
].join('\n');
const answerWithKey = `Here is the file.\n\n\`\`\`ts src/hello.ts\n${fileWithKey}\`\`\`\n`;

const fileWithoutKey = fileWithKey.replace(`const apiKey = '${openAiKey}';`, "const apiKey = '';");
const answerWithoutKey = `\`\`\`ts src/hello.ts\n${fileWithoutKey}\`\`\`\n`;

async function setUp() {
  const project = createRunProject(planYaml([{ id: 'hello' }]), {
    '.gitignore': '.baton/\nnode_modules\n.env\n',
    '.env': `NODE_ENV=production\nPORT=3000\nOPENAI_API_KEY=${openAiKey}\n`,
  });
  cleanups.push(() => project.remove());
  const config = await loadConfig({ cwd: project.root, env: {} });
  if (config.ledger.kind !== 'sqlite') throw new Error('expected a SQLite ledger');
  const ledgerPath = config.ledger.path;
  const ledger = await openSqliteLedger({ path: ledgerPath });
  let open = true;
  const close = async () => {
    if (open) await ledger.close();
    open = false;
  };
  cleanups.push(close);
  const secrets = createProjectRedactor(project.root, {});
  const providerWith = (answers: string[]) => {
    const scripted = createScriptedProvider(answers, { id: 'compatible:scripted' });
    const provider = withReliability(scripted, {
      observers: [createLedgerRecorder({ ledger, redactor: secrets })],
    });
    return { scripted, provider };
  };
  return { project, config, ledger, ledgerPath, close, secrets, providerWith };
}

/** Every byte the ledger holds on disk: the database and its write-ahead log. */
function ledgerBytes(path: string): string {
  return ['', '-wal', '-shm']
    .map((suffix) => {
      try {
        return readFileSync(`${path}${suffix}`).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('');
}

describe('secrets in answers', () => {
  it('applies the answer as written, keeps the key out of the ledger and reports it as a hard-coded secret', async () => {
    const setup = await setUp();
    const { provider } = setup.providerWith([answerWithKey]);
    const result = await runPlan({
      config: setup.config,
      ledger: setup.ledger,
      provider,
      secrets: setup.secrets,
      planFile: setup.project.planFile,
      maxAttempts: 1,
    });
    expect(result.status).toBe('escalated');
    const attempt = await setup.ledger.db.selectFrom('attempts').selectAll().executeTakeFirstOrThrow();
    // The commit holds the file byte for byte as the model wrote it: `production` and all.
    const committed = setup.project.git('show', `${attempt.commitSha}:src/hello.ts`);
    expect(committed).toBe(fileWithKey);
    expect(committed).toContain("export const mode: string = 'production';");
    const findings = await setup.ledger.db.selectFrom('findings').selectAll().execute();
    expect(findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'security/hardcoded-secret',
        file: 'src/hello.ts',
        line: 5,
        severity: 'error',
      }),
    );
    const evidence = JSON.parse(attempt.evidence ?? 'null') as AttemptEvidence;
    expect(evidence.passed).toBe(false);
    expect(evidence.checks.find((check) => check.checkId === 'security')?.status).toBe('failed');
    // The stored answer is redacted, and only the key is: ordinary values stay readable.
    const response = await setup.ledger.db.selectFrom('responses').selectAll().executeTakeFirstOrThrow();
    expect(response.text).toContain("'production'");
    expect(response.text).not.toContain(openAiKey);
    const edit = await setup.ledger.db.selectFrom('edits').selectAll().executeTakeFirstOrThrow();
    expect(edit.content).toContain("'production'");
    await setup.close();
    const bytes = ledgerBytes(setup.ledgerPath);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes).not.toContain(openAiKey);
    expect(bytes).not.toContain(openAiKey.slice(8, 40));
  });

  it('passes the same answer without the key, with `production` intact', async () => {
    const setup = await setUp();
    const { provider } = setup.providerWith([answerWithoutKey]);
    const result = await runPlan({
      config: setup.config,
      ledger: setup.ledger,
      provider,
      secrets: setup.secrets,
      planFile: setup.project.planFile,
      maxAttempts: 1,
    });
    expect(await setup.ledger.db.selectFrom('findings').select('ruleId').execute()).toEqual([]);
    expect(result.status).toBe('succeeded');
    const attempt = await setup.ledger.db.selectFrom('attempts').selectAll().executeTakeFirstOrThrow();
    expect(setup.project.git('show', `${attempt.commitSha}:src/hello.ts`)).toBe(fileWithoutKey);
  });

  it('on resume, asks again rather than apply an answer that redaction changed', async () => {
    const setup = await setUp();
    const stop = new AbortController();
    const first = setup.providerWith([answerWithKey]);
    // Ctrl-C while the checks run: the attempt stays unfinished with its (redacted) answer stored.
    const interrupted = await runPlan({
      config: setup.config,
      ledger: setup.ledger,
      provider: first.provider,
      secrets: setup.secrets,
      planFile: setup.project.planFile,
      maxAttempts: 1,
      signal: stop.signal,
      gate: async (options) => {
        stop.abort(new Error('interrupted'));
        return runGate({ ...options, checkIds: [] });
      },
    });
    expect(interrupted.status).toBe('cancelled');
    const second = setup.providerWith([answerWithKey]);
    const resumed = await runPlan({
      config: setup.config,
      ledger: setup.ledger,
      provider: second.provider,
      secrets: setup.secrets,
      resume: interrupted.runId,
    });
    expect(resumed.status).toBe('escalated');
    expect(second.scripted.requests).toHaveLength(1);
    const attempt = await setup.ledger.db.selectFrom('attempts').selectAll().executeTakeFirstOrThrow();
    expect(setup.project.git('show', `${attempt.commitSha}:src/hello.ts`)).toBe(fileWithKey);
    const events = await setup.ledger.db.selectFrom('events').select('payload').execute();
    expect(events.some((event) => event.payload.includes('"response-reused"'))).toBe(false);
  });

  it('on resume, reuses a stored answer that redaction left as it was', async () => {
    const setup = await setUp();
    const stop = new AbortController();
    const first = setup.providerWith([answerWithoutKey]);
    const interrupted = await runPlan({
      config: setup.config,
      ledger: setup.ledger,
      provider: first.provider,
      secrets: setup.secrets,
      planFile: setup.project.planFile,
      maxAttempts: 1,
      signal: stop.signal,
      gate: async (options) => {
        stop.abort(new Error('interrupted'));
        return runGate({ ...options, checkIds: [] });
      },
    });
    expect(interrupted.status).toBe('cancelled');
    const second = setup.providerWith([]);
    const resumed = await runPlan({
      config: setup.config,
      ledger: setup.ledger,
      provider: second.provider,
      secrets: setup.secrets,
      resume: interrupted.runId,
    });
    expect(resumed.status).toBe('succeeded');
    expect(second.scripted.requests).toHaveLength(0);
    const attempt = await setup.ledger.db.selectFrom('attempts').selectAll().executeTakeFirstOrThrow();
    expect(setup.project.git('show', `${attempt.commitSha}:src/hello.ts`)).toBe(fileWithoutKey);
  });

  it('blocks an attempt whose commit is not what the edits produce', async () => {
    const setup = await setUp();
    // A clean filter that rewrites files on their way into git, as the old redaction did.
    setup.project.write('.gitattributes', '*.ts filter=scrub\n');
    setup.project.git('config', 'filter.scrub.clean', 'sed s/production/redacted/g');
    setup.project.git('config', 'filter.scrub.smudge', 'cat');
    setup.project.git('add', '.gitattributes');
    setup.project.git('commit', '-q', '-m', 'Scrub');
    const { provider } = setup.providerWith([answerWithoutKey]);
    const result = await runPlan({
      config: setup.config,
      ledger: setup.ledger,
      provider,
      secrets: setup.secrets,
      planFile: setup.project.planFile,
      maxAttempts: 1,
    });
    expect(result.status).toBe('escalated');
    const findings = await setup.ledger.db.selectFrom('findings').selectAll().execute();
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'edit/commit-differs', file: 'src/hello.ts', severity: 'error' }),
    ]);
    const attempt = await setup.ledger.db.selectFrom('attempts').selectAll().executeTakeFirstOrThrow();
    expect(attempt.status).toBe('findings');
    expect(attempt.evidence).toBeNull();
  });
});

describe('the project redactor', () => {
  it('redacts secret-named values, URL passwords and key shapes, never ordinary settings', () => {
    const project = createRunProject(planYaml([{ id: 'hello' }]), {
      '.env': [
        'NODE_ENV=production',
        'PORT=3000',
        'LOG_LEVEL=info',
        'APP_NAME=notification-preferences',
        'DATABASE_URL=postgres://app:s3cretPassw0rd@db.internal:5432/app',
        'SESSION_SECRET=keyboard-cat-but-longer',
        'SENTRY_RELEASE=Zx81QpL0vT5mN2bR7cK9wH4j',
        '',
      ].join('\n'),
    });
    cleanups.push(() => project.remove());
    const redactor = createProjectRedactor(project.root, {});
    const text =
      'mode=production port=3000 level=info app=notification-preferences db=postgres://app:s3cretPassw0rd@db.internal:5432/app secret=keyboard-cat-but-longer release=Zx81QpL0vT5mN2bR7cK9wH4j';
    expect(redactor.redact(text)).toBe(
      'mode=production port=3000 level=info app=notification-preferences db=postgres://app:[redacted]@db.internal:5432/app secret=[redacted] release=[redacted]',
    );
    expect(redactor.find(text).map((match) => text.slice(match.start, match.end))).toEqual([
      's3cretPassw0rd',
      'keyboard-cat-but-longer',
      'Zx81QpL0vT5mN2bR7cK9wH4j',
    ]);
  });
});
