import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../../__fixtures__/fixture-project.js';
import { marked, reportedLines } from '../../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../../verify.js';

/**
 * mssql is not installed, so nothing here has declared types: its handles are known only by the
 * package they were made from, through `new`, `await`, method results and a later assignment.
 */
const untyped = `
const express = require('express');
const mssql = require('mssql');
const app = express();
let pool;
async function start() {
  pool = await new mssql.ConnectionPool({ server: 'db' }).connect();
}
app.get('/users', async (req, res) => {
  const id = req.query.id;
  const request = pool.request();
  await request.query('SELECT name FROM users WHERE id = ' + id); // vulnerable
  const bound = pool.request();
  bound.input('id', id);
  await bound.query('SELECT name FROM users WHERE id = @id'); // safe
  const order = pool.request();
  await order.query(\`SELECT name FROM users ORDER BY \${id}\`); // vulnerable
  await pool.request().query(\`SELECT name FROM users WHERE id = \${Number(id)}\`); // safe
  const direct = new mssql.Request(pool);
  await direct.query("SELECT name FROM users WHERE name = '" + id + "'"); // vulnerable
  res.json({ started: typeof start });
});
`;

describe('SQL sinks on untyped handles made from a database package', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/users.js': untyped });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('reports request data in the text of a query on an mssql request, even one named `request`, and not bound parameters', () => {
    expect(reportedLines(report.findings, 'src/users.js', 'security/sql-injection')).toEqual(
      marked(untyped, 'vulnerable'),
    );
  });
});
