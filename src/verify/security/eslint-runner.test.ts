import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintFiles } from './eslint-runner.js';

const built = new URL('../../../dist/verify/security/eslint-runner.js', import.meta.url);
let folder: string;
let xxe: string;
let regex: string;
let huge: string;
let plain: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'baton-eslint-runner-'));
  xxe = join(folder, 'invoice.ts');
  writeFileSync(
    xxe,
    "import libxmljs from 'libxmljs';\nexport const parse = (xml: string) => libxmljs.parseXml(xml, { noent: true });\n",
  );
  regex = join(folder, 'slug.ts');
  writeFileSync(regex, 'export const slug = /^(a+)+$/;\n');
  plain = join(folder, 'total.ts');
  writeFileSync(
    plain,
    'export const total = (prices: number[]) => prices.reduce((sum, price) => sum + price, 0);\n',
  );
  huge = join(folder, 'vendored.js');
  writeFileSync(huge, `var slug = /^(a+)+$/;\n${'// padding\n'.repeat(60_000)}`);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const summary = (results: Map<string, { ruleId: string; line: number }[]>) =>
  [...results].map(([file, problems]) => [
    file,
    problems.map((problem) => `${problem.line} ${problem.ruleId}`),
  ]);

describe('ESLint for the security check', () => {
  it('lints on a worker thread, leaving ESLint out of the main thread, with the answers it gives in process', async () => {
    if (!existsSync(built)) throw new Error('This test runs the built worker: run `npm run build` first.');
    const { lintFiles: lintOnWorker } = (await import(built.href)) as { lintFiles: typeof lintFiles };
    // A file where no kept rule's trigger appears is not linted, so it has no entry.
    const onWorker = await lintOnWorker([xxe, plain, regex]);
    const loadedHere = Object.keys(createRequire(import.meta.url).cache).filter((path) =>
      path.includes('/node_modules/eslint/'),
    );
    expect(loadedHere).toEqual([]);
    expect(summary(onWorker)).toEqual([
      [xxe, ['2 security/xxe']],
      [regex, ['1 security/unsafe-regex']],
    ]);
    expect(summary(await lintFiles([xxe, plain, regex]))).toEqual(summary(onWorker));
  });

  it('a stopped run does not wait for the worker', async () => {
    const { lintFiles: lintOnWorker } = (await import(built.href)) as { lintFiles: typeof lintFiles };
    const controller = new AbortController();
    const linting = lintOnWorker([xxe, regex], controller.signal);
    controller.abort();
    expect(await linting).toEqual(new Map());
    expect(await lintOnWorker([xxe], controller.signal)).toEqual(new Map());
  });

  it('leaves out files too large for the analysis, as generated or vendored code', async () => {
    const results = await lintFiles([huge, regex]);
    expect([...results.keys()]).toEqual([regex]);
  });
});
