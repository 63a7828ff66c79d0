import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';

/**
 * execa's `$` tag quotes each value as one argument: only a value in the program's place, or any value
 * with the `shell` option, is command injection. Each line marked `// vulnerable` must be reported;
 * its `// safe` twin must not.
 */
const tags = `
import express from 'express';
import { $ as run } from 'execa';
const app = express();

app.post('/commands', async (request, response) => {
  const tool = request.body.tool;
  const target = request.body.target;
  await run\`\${tool} --version\`; // vulnerable
  await run\`git log \${target}\`; // safe
  run.sync\`\${tool} \${target}\`; // vulnerable
  run.sync\`ls \${target}\`; // safe
  await run({ shell: true })\`ls \${target}\`; // vulnerable
  await run({ shell: false })\`ls \${target}\`; // safe
  run({ cwd: '/srv' }).sync\`\${tool}\`; // vulnerable
  run({ cwd: '/srv' }).sync\`ls \${target}\`; // safe
  response.end('ok');
});
`;

describe("execa's command tag", () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/tags.js': tags });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);

  afterAll(() => project.remove());

  it('reports a program named by data and values a shell reads, not quoted arguments', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/command-injection')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(tags, 'vulnerable'));
  });
});
