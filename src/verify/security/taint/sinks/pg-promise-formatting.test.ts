import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';
import { rawPlaceholders } from './pg-promise-formatting.js';

describe('pg-promise placeholders that insert a value unquoted', () => {
  it('finds :raw, ^, and :value / # outside single quotes, by index and by name in every bracket style', () => {
    const found = rawPlaceholders(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: pg-promise's own placeholder syntax
      "SELECT $1, $2:raw, $3^, $4:value, '$5#', ${a}, ${b}:raw, $(c^), $<d:value>, '$[e]:value', $/f/#, $7:name",
    );
    expect(found.map(({ key, modifier }) => [key, modifier])).toEqual([
      [1, 'raw'],
      [2, 'raw'],
      [3, 'value'],
      ['b', 'raw'],
      ['c', 'raw'],
      ['d', 'value'],
      ['f', 'value'],
    ]);
  });

  it('finds nothing in a text whose placeholders are all escaped', () => {
    expect(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: pg-promise's own placeholder syntax
      rawPlaceholders('SELECT * FROM notes WHERE owner = $1 AND tag = ${tag} AND title = $<title>'),
    ).toEqual([]);
  });
});

/** Each line marked `// vulnerable` must be reported as SQL injection; `// safe` twins must not. */
const untyped = `
const express = require('express');
const pgPromise = require('pg-promise');
const connect = pgPromise({});
const database = connect('postgres://localhost/notes');
const app = express();
app.get('/notes/:owner', async (request, response) => {
  const owner = request.params.owner;
  await database.manyOrNone({ text: 'SELECT * FROM notes WHERE owner = $1', values: owner }); // safe
  await database.manyOrNone({ text: 'SELECT * FROM notes ORDER BY $1:raw', values: owner }); // vulnerable
  await database.manyOrNone('SELECT * FROM notes WHERE owner = $1 AND tag = $2', ['x', owner]); // safe
  await database.manyOrNone('SELECT * FROM notes WHERE owner = $1 LIMIT $2^', ['x', owner]); // vulnerable
  await database.any('SELECT * FROM notes WHERE owner = \\'$<owner:value>\\'', { owner }); // safe
  await database.any('SELECT * FROM notes WHERE owner = "$<owner:value>"', { owner }); // vulnerable
  await database.any('SELECT * FROM notes WHERE title = \${title}', { title: owner, sort: 'id' }); // safe
  await database.any('SELECT * FROM notes ORDER BY \${sort#}', { title: 'x', sort: owner }); // vulnerable
  await database.task(async (session) => {
    await session.one('SELECT * FROM notes WHERE owner = $1', [owner]); // safe
    await session.one("SELECT * FROM notes WHERE owner = '" + owner + "'"); // vulnerable
  });
  response.end('ok');
});
`;

describe('pg-promise query formatting as a SQL sink', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/notes.js': untyped });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports a request value inserted raw or unquoted, and a task handle’s concatenated query, but no escaped placeholder', () => {
    const lines = report.findings
      .filter((finding) => finding.file === 'src/notes.js' && finding.ruleId === 'security/sql-injection')
      .map((finding) => finding.range.startLine)
      .sort((left, right) => left - right);
    expect(lines).toEqual(marked(untyped, 'vulnerable'));
  });
});
