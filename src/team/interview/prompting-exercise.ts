import type { SeededStream } from './seeded-stream.js';

/** A fact of the exercise repository that a good prompt states, and what a prompt that contradicts it says. */
export interface RepositoryFact {
  id: string;
  statement: string;
  respected: RegExp;
  contradicted: RegExp;
}

export interface PromptingExercise {
  component: { id: string; title: string; criterion: string; testName: string };
  files: Record<string, string>;
  facts: RepositoryFact[];
  /** The example file a prompt should point the model at. */
  patternFile: string;
}

type TestFramework = 'vitest' | 'jest' | 'node:test';
type ErrorFormat = 'envelope' | 'problem';

const tasks = [
  {
    id: 'archive-project',
    title: 'POST /projects/:id/archive archives a project',
    criterion: 'archiving a project answers 200 with the project marked archived',
    testName: 'archives a project',
  },
  {
    id: 'rename-project',
    title: 'PATCH /projects/:id renames a project',
    criterion: 'renaming a project answers 200 with the new name',
    testName: 'renames a project',
  },
  {
    id: 'project-members',
    title: "GET /projects/:id/members lists a project's members",
    criterion: 'listing members answers 200 with the first page of members',
    testName: 'lists the members of a project',
  },
] as const;

function errorsModule(format: ErrorFormat): string {
  return format === 'envelope'
    ? `/** Answers with the API's error shape: { "error": { "code": "...", "message": "..." } }. */
export function sendError(response, status, code, message) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: { code, message } }));
}
`
    : `/** Answers with an RFC 9457 problem: application/problem+json with type, title, status and detail. */
export function sendProblem(response, status, title, detail) {
  response.writeHead(status, { 'content-type': 'application/problem+json' });
  response.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}
`;
}

function routeModule(format: ErrorFormat, zodMajor: 3 | 4): string {
  const reject =
    format === 'envelope'
      ? "sendError(response, 404, 'project_not_found', 'No project with this id')"
      : "sendProblem(response, 404, 'Project not found', 'No project with this id')";
  const invalid =
    format === 'envelope'
      ? "sendError(response, 400, 'invalid_request', parsed.error.issues[0].message)"
      : "sendProblem(response, 400, 'Invalid request', parsed.error.issues[0].message)";
  // zod 4 spells a UUID check as a top-level schema; zod 3 as a string refinement.
  const id = zodMajor === 4 ? 'z.uuid()' : 'z.string().uuid()';
  return `import { z } from 'zod';
import { ${format === 'envelope' ? 'sendError' : 'sendProblem'} } from '../errors.js';

const parameters = z.object({ id: ${id} });

/** GET /projects/:id */
export async function getProject(request, response, { projects }) {
  const parsed = parameters.safeParse(request.params);
  if (!parsed.success) return ${invalid};
  const project = await projects.findById(parsed.data.id);
  if (!project) return ${reject};
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(project));
}
`;
}

function testModule(framework: TestFramework): string {
  const imports =
    framework === 'vitest'
      ? "import { describe, expect, it } from 'vitest';"
      : framework === 'jest'
        ? "import { describe, expect, it } from '@jest/globals';"
        : "import assert from 'node:assert/strict';\nimport { describe, it } from 'node:test';";
  const check =
    framework === 'node:test'
      ? "    assert.equal(answer.status, 404);\n    assert.equal(answer.headers.get('content-type')?.includes('json'), true);"
      : "    expect(answer.status).toBe(404);\n    expect(answer.headers.get('content-type')).toContain('json');";
  return `${imports}
import { startTestServer } from './test-server.js';

describe('GET /projects/:id', () => {
  it('answers 404 for a project that does not exist', async () => {
    const server = await startTestServer();
    const answer = await fetch(\`\${server.url}/projects/00000000-0000-4000-8000-000000000000\`);
${check}
    await server.close();
  });
});
`;
}

const serverModule = `import { createServer } from 'node:http';
import { getProject } from './routes/get-project.js';

/** Routes a request to its handler; the projects store is passed in, so tests give their own. */
export function createApp({ projects }) {
  return createServer(async (request, response) => {
    const match = /^\\/projects\\/([^/]+)$/.exec(new URL(request.url, 'http://localhost').pathname);
    if (request.method === 'GET' && match) {
      request.params = { id: match[1] };
      return getProject(request, response, { projects });
    }
    response.writeHead(404).end();
  });
}
`;

const testServerModule = `import { createApp } from '../src/server.js';

/** Starts the app on a free port with an empty projects store. */
export async function startTestServer() {
  const projects = { findById: async () => undefined };
  const server = createApp({ projects });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: \`http://127.0.0.1:\${port}\`, close: () => new Promise((resolve) => server.close(resolve)) };
}
`;

/** A small repository whose conventions the candidate's prompt must respect, and the component to prompt. */
export function promptingExercise(random: SeededStream): PromptingExercise {
  const framework = random.pick<TestFramework>(['vitest', 'jest', 'node:test']);
  const format = random.pick<ErrorFormat>(['envelope', 'problem']);
  const zodMajor = random.pick<3 | 4>([3, 4]);
  const task = random.pick(tasks);
  const testScript =
    framework === 'vitest'
      ? 'vitest run'
      : framework === 'jest'
        ? 'node --experimental-vm-modules node_modules/jest/bin/jest.js'
        : 'node --test test/';
  const devDependencies: Record<string, string> =
    framework === 'vitest'
      ? { vitest: '^3.2.4' }
      : framework === 'jest'
        ? { jest: '^30.0.5', '@jest/globals': '^30.0.5' }
        : {};
  const packageJson = {
    name: 'projects-api',
    private: true,
    type: 'module',
    scripts: { start: 'node src/server.js', test: testScript },
    dependencies: { zod: zodMajor === 4 ? '^4.1.5' : '^3.25.76' },
    devDependencies,
  };
  const otherFrameworks = ['vitest', 'jest', 'mocha', 'node:test'].filter((name) => name !== framework);
  const facts: RepositoryFact[] = [
    {
      id: 'test-framework',
      statement: `tests use ${framework}`,
      respected: new RegExp(
        framework === 'node:test' ? '\\bnode:test\\b|node --test' : `\\b${framework}\\b`,
        'i',
      ),
      contradicted: new RegExp(
        otherFrameworks.map((name) => `\\b${name.replace(':', ':')}\\b`).join('|'),
        'i',
      ),
    },
    {
      id: 'validation',
      statement: `request input is validated with zod ${zodMajor}`,
      respected: /\bzod\b/i,
      contradicted: new RegExp(
        `\\bzod(?: v| version |@\\^?)?${zodMajor === 4 ? 3 : 4}\\b|\\b(?:joi|yup|ajv|valibot)\\b`,
        'i',
      ),
    },
    format === 'envelope'
      ? {
          id: 'error-format',
          statement: 'errors answer { "error": { "code", "message" } } through sendError',
          respected: /\bsendError\b|\berror\b[^.\n]{0,30}\bcode\b[^.\n]{0,30}\bmessage\b/i,
          contradicted: /problem\+json|problem details|RFC ?(?:7807|9457)/i,
        }
      : {
          id: 'error-format',
          statement: 'errors are RFC 9457 problem details (application/problem+json) through sendProblem',
          respected: /\bsendProblem\b|problem\+json|problem details|RFC ?(?:7807|9457)/i,
          contradicted: /\{\s*"?error"?\s*:\s*\{|\bsendError\b/i,
        },
    {
      id: 'module-system',
      statement: 'the code is ES modules (import/export, "type": "module")',
      respected: /\bESM\b|\bES ?modules?\b|\bimport\s*\/\s*export\b|"type":\s*"module"/i,
      contradicted: /\brequire\(|\bCommonJS\b|module\.exports/i,
    },
  ];
  return {
    component: { ...task },
    patternFile: 'src/routes/get-project.js',
    facts,
    files: {
      'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
      'README.md':
        '# Projects API\n\nA small HTTP API for projects. `npm start` serves it; `npm test` runs the tests.\n',
      'src/errors.js': errorsModule(format),
      'src/routes/get-project.js': routeModule(format, zodMajor),
      'src/server.js': serverModule,
      'test/get-project.test.js': testModule(framework),
      'test/test-server.js': testServerModule,
    },
  };
}
