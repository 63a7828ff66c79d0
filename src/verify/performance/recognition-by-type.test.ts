import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../__fixtures__/fixture-project.js';
import { createTypedProject } from '../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../verify.js';

const files: Record<string, string> = {
  'src/loops.ts': `
import { Pool } from 'pg';
const banana = new Pool();
class Tally {
  private counts = new Map<string, number>();
  findOne(key: string): number { return this.counts.get(key) ?? 0; }
}
class Users {
  constructor(private readonly orchard: Pool) {}
  byId(id: string) { return this.orchard.query('SELECT * FROM users WHERE id = $1', [id]); }
}
export async function perId(ids: string[], users: Users, tally: Tally) {
  const rows = [];
  for (const id of ids) {
    rows.push(await banana.query('SELECT * FROM orders WHERE id = $1', [id]));
    rows.push(tally.findOne(id));
  }
  for (const id of ids) {
    await users.byId(id);
  }
  return rows;
}
`,
  'src/handler.ts': `
import type { Request, Response } from 'express';
import { readFileSync } from 'node:fs';
export function page(banana: Request, peel: Response) {
  peel.send(readFileSync('page.html', 'utf8'));
}
class Req { path = ''; }
export function offline(req: Req, res: { send(text: string): void }) {
  res.send(readFileSync('page.html', 'utf8'));
}
`,
};

describe('the performance check recognises handles and handlers by type', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const rulesIn = (file: string) =>
    report.findings
      .filter((finding) => finding.file === file && finding.checkId === 'performance')
      .map((finding) => `${finding.range.startLine} ${finding.ruleId}`)
      .sort();

  beforeAll(async () => {
    project = createTypedProject(files);
    report = await verify({ root: project.root, checks: ['performance'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('finds a query on a pg Pool whatever it is called, and through a project method, but not a Map lookup named findOne', () => {
    expect(rulesIn('src/loops.ts')).toEqual(['15 performance/query-in-loop', '19 performance/query-in-loop']);
  });

  it('takes a function with an express Request parameter for a handler, and one whose req is a class of its own for none', () => {
    expect(rulesIn('src/handler.ts')).toEqual(['5 performance/sync-in-handler']);
  });
});
