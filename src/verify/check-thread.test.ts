import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from './__fixtures__/fixture-project.js';
import type { CheckThreadRequest } from './check-thread.js';
import type { VerifyOptions, VerifyReport } from './verify.js';

// Threads load compiled JavaScript, so these tests drive the build in dist/, as the CLI runs it.
const dist = (path: string) => new URL(`../../dist/verify/${path}`, import.meta.url);
const corpus = new URL('./security/__fixtures__/corpus/', import.meta.url).pathname;

interface Built {
  verify(options: VerifyOptions): Promise<VerifyReport>;
  runCheckOnThread(request: CheckThreadRequest, signal: AbortSignal): Promise<unknown[]> | undefined;
}

const found = (report: VerifyReport) =>
  report.findings.map((finding) => `${finding.file}:${finding.range.startLine} ${finding.ruleId}`);

describe('the security check on a thread of its own', () => {
  let project: FixtureProject;
  let built: Built;
  beforeAll(async () => {
    if (!existsSync(dist('check-thread-worker.js')))
      throw new Error('These tests run the built thread: run `npm run build` first.');
    built = {
      ...((await import(dist('verify.js').href)) as Pick<Built, 'verify'>),
      ...((await import(dist('check-thread.js').href)) as Pick<Built, 'runCheckOnThread'>),
    };
    project = createFixtureProject({ from: corpus });
  });
  afterAll(() => project.remove());

  it('reports exactly what the check reports in process, beside a check that uses the shared program', async () => {
    const options = { root: project.root, checks: ['api', 'security'], nativeCompiler: 'off' } as const;
    const threaded = await built.verify({ ...options, checkThreads: 'on' });
    const inProcess = await built.verify({ ...options, checkThreads: 'off' });
    expect(threaded.checks.map((run) => [run.id, run.thread, run.error])).toEqual([
      ['api', undefined, undefined],
      ['security', true, undefined],
    ]);
    expect(inProcess.checks.map((run) => run.thread)).toEqual([undefined, undefined]);
    expect(found(threaded).filter((line) => line.includes('security/')).length).toBeGreaterThan(40);
    expect(threaded.findings).toEqual(inProcess.findings);
  }, 300_000);

  it('threads checks by default only where the cores leave room for a second program', async () => {
    const { checkThreadsWanted } = (await import(dist('check-thread.js').href)) as {
      checkThreadsWanted(option: string | undefined, cores: number): boolean;
    };
    expect([2, 4, 8].map((cores) => checkThreadsWanted('auto', cores))).toEqual([false, true, true]);
    expect(checkThreadsWanted('on', 2)).toBe(true);
    expect(checkThreadsWanted('off', 8)).toBe(false);
  });

  it('fails with the reason when the thread cannot run the check, and ends at once when stopped', async () => {
    const request: CheckThreadRequest = {
      checkId: 'no-such-check',
      root: project.root,
      tsconfig: undefined,
      rootNames: [],
      targetFiles: [],
      settings: {
        registryLookup: false,
        cacheDirectory: project.root,
        testCommand: undefined,
        testFiles: [],
        testTimeoutMs: 1000,
        testMemoryMb: 256,
      },
    };
    await expect(built.runCheckOnThread(request, new AbortController().signal)).rejects.toThrow(
      /Unknown check "no-such-check"/,
    );
    const controller = new AbortController();
    const stopped = built.runCheckOnThread({ ...request, checkId: 'security' }, controller.signal);
    controller.abort();
    await expect(stopped).resolves.toEqual([]);
  }, 60_000);
});
