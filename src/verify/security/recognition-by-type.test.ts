import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../__fixtures__/fixture-project.js';
import { createTypedProject } from '../__fixtures__/typed-packages.js';
import type { Finding } from '../finding.js';
import { type VerifyReport, verify } from '../verify.js';

/** Each case a file, with a vulnerable version and a safe twin that differ only in what the probe is about. */
const files: Record<string, string> = {
  'src/banana-request.ts': `
import type { Request, Response } from 'express';
import type { Pool } from 'pg';
export function makeHandler(pool: Pool) {
  return async (banana: Request, peel: Response) => {
    const rows = await pool.query("SELECT * FROM fruit WHERE id = '" + banana.query.id + "'");
    peel.json(rows);
  };
}
`,
  'src/req-own-class.ts': `
import type { Pool } from 'pg';
class Req { query = 'open'; }
export function status(req: Req, pool: Pool) {
  const label: string = req.query;
  return pool.query('SELECT * FROM orders WHERE status = $1', [label]);
}
`,
  'src/count-project-class.ts': `
import type { Request, Response } from 'express';
class TallyCounter {
  private counts = new Map<string, number>();
  count(key: string): number { return this.counts.get(key) ?? 0; }
}
const counter = new TallyCounter();
export function tally(req: Request, res: Response) {
  res.json({ total: counter.count(req.body.key) });
}
`,
  'src/count-mongoose.ts': `
import type { Request, Response } from 'express';
import { model, Schema } from 'mongoose';
const Visit = model<{ page: string }>('Visit', new Schema({ page: String }));
export async function visits(req: Request, res: Response) {
  res.json({ total: await Visit.count(req.body.filter) });
}
`,
  'src/clean-sql-value.ts': `
import type { Request, Response } from 'express';
import type { Pool } from 'pg';
function cleanSqlValue(value: string): string { return value; }
export function makeHandler(pool: Pool) {
  return async (req: Request, res: Response) => {
    const name = cleanSqlValue(req.query.name);
    res.json(await pool.query("SELECT * FROM users WHERE name = '" + name + "'"));
  };
}
`,
  'src/quote-doubling.ts': `
import type { Request, Response } from 'express';
import type { Pool } from 'pg';
function quoteSql(value: string): string { return value.replace(/'/g, "''").replace(/\\\\/g, '\\\\\\\\'); }
export function makeHandler(pool: Pool) {
  return async (req: Request, res: Response) => {
    res.json(await pool.query("SELECT * FROM users WHERE name = '" + quoteSql(req.query.name) + "'"));
  };
}
`,
  'src/parameterised.ts': `
import type { Request, Response } from 'express';
import type { Pool } from 'pg';
export function makeHandler(pool: Pool) {
  return async (req: Request, res: Response) => {
    res.json(await pool.query('SELECT * FROM users WHERE name = $1', [req.query.name]));
  };
}
`,
  'src/escape-nothing.ts': `
import type { Request, Response } from 'express';
function escapeHtml(text: string): string { return text; }
export function greet(req: Request, res: Response) {
  res.send('<h1>Hello ' + escapeHtml(req.query.name) + '</h1>');
}
`,
  'src/escape-real.ts': `
import type { Request, Response } from 'express';
function toEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
export function greet(req: Request, res: Response) {
  res.send('<h1>Hello ' + toEntities(req.query.name) + '</h1>');
}
`,
  'src/node-end.ts': `
import { createServer } from 'node:http';
createServer((incoming, outgoing) => {
  const url = new URL(incoming.url ?? '/', 'http://localhost');
  outgoing.end('<p>' + url.searchParams.get('q') + '</p>');
}).listen(8080);
`,
  'src/node-end-escaped.ts': `
import { createServer } from 'node:http';
import escapeHtml from 'escape-html';
createServer((incoming, outgoing) => {
  const url = new URL(incoming.url ?? '/', 'http://localhost');
  outgoing.end('<p>' + escapeHtml(url.searchParams.get('q') ?? '') + '</p>');
}).listen(8080);
`,
  'src/knex-repository.ts': `
import type { Request, Response } from 'express';
import type { Knex } from 'knex';
export class UserRepository {
  constructor(private readonly db: Knex) {}
  findById(id: string) { return this.db('users').where({ id }).first(); }
  search(term: string) { return this.db.raw("SELECT * FROM users WHERE name LIKE '%" + term + "%'"); }
}
export function routes(repository: UserRepository) {
  return {
    one: async (req: Request, res: Response) => res.json(await repository.findById(req.params.id)),
    search: async (req: Request, res: Response) => res.json(await repository.search(req.query.term)),
  };
}
`,
  'src/fastify-plugin.ts': `
import type { FastifyPluginAsync } from 'fastify';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
const uploads: FastifyPluginAsync<{ root: string; convert: string }> = async (fastify, options) => {
  const banner = readFileSync(options.root + '/banner.txt', 'utf8');
  execSync(options.convert + ' --version');
  fastify.get('/convert', async (request, reply) => {
    execSync(options.convert + ' ' + request.query.file);
    return reply.send(banner);
  });
};
export default uploads;
`,
  'src/pino-upload.ts': `
import type { Request, Response } from 'express';
import pino from 'pino';
import sanitize from 'sanitize-filename';
import escapeHtml from 'escape-html';
import { execFileSync, execSync } from 'node:child_process';
const logger = pino();
export function upload(req: Request, res: Response) {
  const name = sanitize(req.body.name);
  logger.info('stored upload ' + name);
  logger.info('original name ' + req.body.name);
  const shown = escapeHtml(req.body.name);
  execSync('convert ' + shown);
  execFileSync('convert', [name]);
  res.json({ ok: true });
}
`,
  'src/log-alias.ts': `
import type { Request, Response } from 'express';
const write = console.log;
const journal = { note: console.info };
export function audit(req: Request, res: Response) {
  write('user ' + req.query.name);
  journal.note('user ' + req.query.name);
  const flat = String(req.query.name).replace(/[\\r\\n]/g, '');
  write('user ' + flat);
  journal.note('user ' + flat);
  res.json({ ok: true });
}
`,
  'src/hono-app.ts': `
import { Hono } from 'hono';
const app = new Hono();
app.get('/hello', (banana) => banana.html('<p>' + banana.req.query('name') + '</p>'));
app.get('/safe', (banana) => banana.text('hello ' + banana.req.query('name')));
app.get('/own', (banana) => banana.html('<p>' + String(banana.get('user' as never)) + '</p>'));
export default app;
`,
  'src/untyped.js': `
const db = require('./db');
module.exports = function handler(req, res) {
  db.query("SELECT * FROM items WHERE id = '" + req.query.id + "'");
  res.end('ok');
};
`,
};

describe('the security check recognises sources, sinks and sanitisers by type and behaviour', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const findingsIn = (file: string): Finding[] =>
    report.findings.filter((finding) => finding.file === file && finding.checkId === 'security');
  const rulesAt = (file: string) =>
    findingsIn(file)
      .map((finding) => `${finding.range.startLine} ${finding.ruleId} ${finding.severity}`)
      .sort();

  beforeAll(async () => {
    project = createTypedProject(files);
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('takes a parameter typed as express Request for a request whatever its name, and nothing by name when typed otherwise', () => {
    expect(rulesAt('src/banana-request.ts')).toEqual(['6 security/sql-injection error']);
    expect(findingsIn('src/req-own-class.ts')).toEqual([]);
  });

  it('does not take a method of the project’s own class for a NoSQL query, but does a Mongoose model', () => {
    expect(findingsIn('src/count-project-class.ts')).toEqual([]);
    expect(rulesAt('src/count-mongoose.ts')).toEqual(['6 security/nosql-injection error']);
  });

  it('cleans nothing through a function whose name promises it but whose body does not', () => {
    expect(rulesAt('src/clean-sql-value.ts')).toEqual(['8 security/sql-injection error']);
    expect(rulesAt('src/escape-nothing.ts')).toEqual(['5 security/xss error']);
    expect(findingsIn('src/escape-real.ts')).toEqual([]);
    expect(findingsIn('src/parameterised.ts')).toEqual([]);
  });

  it('does not take doubled quotes for SQL escaping', () => {
    expect(rulesAt('src/quote-doubling.ts')).toEqual(['7 security/sql-injection error']);
  });

  it('treats node:http ServerResponse.end as an HTML sink, escaped by escape-html', () => {
    expect(rulesAt('src/node-end.ts')).toEqual(['5 security/xss error']);
    expect(findingsIn('src/node-end-escaped.ts')).toEqual([]);
  });

  it('does not take a knex repository’s findById for MongoDB, but finds its raw SQL', () => {
    const found = rulesAt('src/knex-repository.ts');
    expect(found).toEqual(['7 security/sql-injection error']);
  });

  it('does not take a Fastify plugin’s own options for request data, but does its routes’ requests', () => {
    expect(rulesAt('src/fastify-plugin.ts')).toEqual(['9 security/command-injection error']);
  });

  it('keeps a value sanitised for one sink tainted for another', () => {
    // sanitize-filename strips control characters, so line 10 is safe; the raw name on line 11 is not;
    // HTML-escaped text is not shell-safe (line 13); an argument array without a shell is (line 14).
    expect(rulesAt('src/pino-upload.ts')).toEqual([
      '11 security/log-injection warning',
      '13 security/command-injection error',
    ]);
  });

  it('knows Hono’s context by its real declarations, whatever the parameter is called', () => {
    expect(rulesAt('src/hono-app.ts')).toEqual(['4 security/xss error']);
  });

  it('follows a logger held in a variable or an object to the logger it is, and its safe twin', () => {
    expect(rulesAt('src/log-alias.ts')).toEqual([
      '6 security/log-injection warning',
      '7 security/log-injection warning',
    ]);
  });

  it('falls back to names in untyped JavaScript, as a warning that says so', () => {
    const [finding, ...rest] = findingsIn('src/untyped.js');
    expect(rest).toEqual([]);
    expect(finding?.ruleId).toBe('security/sql-injection');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toContain('Inferred from names');
  });
});
