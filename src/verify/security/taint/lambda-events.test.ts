import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked, reportedLines } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** Typed by @types/aws-lambda's own declarations: the event is known by its type, whatever it is called. */
const typed = `
import type { APIGatewayProxyEvent, APIGatewayProxyHandler, APIGatewayProxyResult, Context } from 'aws-lambda';
import { exec, execFile, spawnSync } from 'node:child_process';

export const handler: APIGatewayProxyHandler = async (request) => {
  const name = request.queryStringParameters?.name ?? '';
  exec(\`convert \${name} out.png\`); // vulnerable
  execFile('convert', [name, 'out.png']); // safe
  return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: \`<p>\${name}</p>\` }; // vulnerable
};

export async function render(input: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> {
  const page = input.pathParameters?.page ?? '';
  spawnSync(context.functionName); // safe
  if (page === 'raw') return { statusCode: 200, body: page }; // safe
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: page }; // safe
}

export function configure(options: { tool: string }) {
  spawnSync(options.tool); // safe
}
`;

/** Plain JavaScript: only the export name `handler` says it is Lambda's entry point. */
const untyped = `
const { exec, spawnSync } = require('child_process');
exports.handler = async (event, context) => {
  exec('ls ' + event.folder); // vulnerable
  spawnSync(event.program); // vulnerable
  exec('ls ' + context.functionName); // safe
  console.log(event); // safe
  const page = '<h1>' + event.title + '</h1>';
  const response = { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: page }; // vulnerable
  return response;
};
function list(event) {
  spawnSync(event.folder); // safe
}
module.exports.list = list;
`;

describe('AWS Lambda events as request data', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/typed.ts': typed, 'src/untyped.js': untyped });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  const linesIn = (file: string) => reportedLines(report.findings, file, 'security');

  it('knows an event declared by @types/aws-lambda, and reports its fields in a shell command and in an HTML response body, as errors', () => {
    expect(linesIn('src/typed.ts')).toEqual(marked(typed, 'vulnerable'));
    const severities = report.findings
      .filter((finding) => finding.file === 'src/typed.ts')
      .map((f) => f.severity);
    expect(new Set(severities)).toEqual(new Set(['error']));
  });

  it('takes the first parameter of a function exported as `handler` for the event in untyped code, as a warning that says why', () => {
    expect(linesIn('src/untyped.js')).toEqual(marked(untyped, 'vulnerable'));
    const findings = report.findings.filter((finding) => finding.file === 'src/untyped.js');
    for (const finding of findings) {
      expect(finding.severity).toBe('warning');
      expect(finding.message).toContain(
        'taken for a Lambda event because its function is exported as `handler`',
      );
    }
  });
});
