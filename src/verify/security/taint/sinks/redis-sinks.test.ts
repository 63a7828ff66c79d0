import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';

/**
 * A Redis client flattens array arguments into the command, so a parsed body's value in a write
 * command can add arguments; one checked to be a string cannot. Each line marked `// vulnerable` must
 * be reported; its `// safe` twin must not.
 */
const commands = `
const express = require('express');
const Redis = require('ioredis');
const { promisify } = require('util');
const store = new Redis();
const app = express();
app.use(express.json());

app.post('/sessions', async (request, response) => {
  const name = request.body.name;
  store.set(name, 'active'); // vulnerable
  store.set('session:' + String(name), 'active'); // safe
  store.hset('profile', 'nickname', name); // vulnerable
  store.hset('profile', 'nickname', 'guest'); // safe
  store.pipeline().sadd('members', name).exec(); // vulnerable
  store.pipeline().sadd('members', 'guest').exec(); // safe
  const remember = promisify(store.set).bind(store);
  await remember(name, 'active'); // vulnerable
  await remember('last', 'active'); // safe
  if (typeof name === 'string') store.set(name, 'checked'); // safe
  response.end('ok');
});
`;

describe('Redis write commands', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/commands.js': commands });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);

  afterAll(() => project.remove());

  it('reports request values that may be arrays in a write command, not strings', () => {
    const lines = report.findings
      .filter((finding) => finding.ruleId === 'security/nosql-injection')
      .map((finding) => finding.range.startLine);
    expect([...new Set(lines)].sort((left, right) => left - right)).toEqual(marked(commands, 'vulnerable'));
  });
});
