import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked, reportedLines } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

const typed = `
import type { Request, Response } from 'express';
import { exec } from 'node:child_process';

interface Job { params: { folder: string } }
interface Reply { send(text: string): void }

export const list = ({ params, query }: Request, res: Response) => {
  exec(\`ls \${params.folder}\`); // vulnerable
  exec(\`ls \${query.sort}\`); // vulnerable
  res.send('ok');
};

function runJob({ params }: Job, reply: Reply) {
  exec(\`ls \${params.folder}\`); // safe
  reply.send('done');
}
runJob({ params: { folder: 'tmp' } }, { send: () => undefined });
`;

/** No declarations reach these handlers: `app` comes from a module without types. */
const untyped = `
const cp = require('child_process');
const app = require('./server').create();
app.get('/files', ({ query }, res) => {
  cp.exec('ls ' + query.folder); // vulnerable
  res.send('ok');
});
function listing() {
  return ({ params }, res, next) => {
    cp.exec('ls ' + params.folder); // vulnerable
    next();
  };
}
app.get('/folders/:folder', listing());
[{ params: { folder: 'tmp' } }].forEach(({ params }) => {
  cp.exec('ls ' + params.folder); // safe
});
`;

describe('a request destructured in a handler’s parameters', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/typed.ts': typed, 'src/untyped.js': untyped });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  const linesIn = (file: string) => reportedLines(report.findings, file, 'security');

  it('reports the fields of a request declared by its type, and not those of a project type with the same fields', () => {
    expect(linesIn('src/typed.ts')).toEqual(marked(typed, 'vulnerable'));
  });

  it('reports the fields of an untyped request known by the handler’s place or its response parameter, as inferred', () => {
    expect(linesIn('src/untyped.js')).toEqual(marked(untyped, 'vulnerable'));
    for (const finding of report.findings.filter((each) => each.file === 'src/untyped.js'))
      expect(finding.severity).toBe('warning');
  });
});
