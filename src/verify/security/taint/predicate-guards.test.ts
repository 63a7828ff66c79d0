import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import type { VerifyReport } from '../../verify.js';
import { verify } from '../../verify.js';

/**
 * The project's own predicates read by what their bodies prove, each safe case next to a twin whose
 * predicate proves nothing useful; the names are chosen so that none of them says which is which.
 */
const origins = `
import type { Request, Response } from 'express';
const shop = 'https://shop.example';
function checkA(address: string): boolean {
  try {
    return new URL(address, shop).origin === shop;
  } catch {
    return false;
  }
}
function checkB(address: string): boolean {
  try {
    return new URL(address, shop).protocol === 'https:';
  } catch {
    return false;
  }
}
export function afterLogin(req: Request, res: Response) {
  const next = req.query.next as string;
  if (checkA(next)) res.redirect(next);
  if (checkB(next)) res.redirect(next);
}
export function fetchBack(req: Request) {
  const target = req.query.target as string;
  if (!checkA(target)) return;
  return fetch(target);
}
export function fetchAnywhere(req: Request) {
  const target = req.query.target as string;
  if (!checkB(target)) return;
  return fetch(target);
}
`;

const validators = `
import type { Request } from 'express';
import { execSync } from 'node:child_process';
function checkC(text: string): boolean {
  if (text.length > 40) return false;
  return /^[a-z]+$/.test(text);
}
function checkD(text: string): boolean {
  if (text.length > 40) return false;
  return true;
}
function isValid(text: string): boolean {
  return text !== undefined;
}
function checkE(text: string): boolean {
  if (!/^[0-9]+$/.test(text)) throw new Error('not a number');
  return true;
}
class Rules {
  allows(text: string): boolean {
    return /^[a-z]+$/.test(text);
  }
  blocks(text: string): boolean {
    return text.length > 40;
  }
}
const rules = new Rules();
export function searchByRules(req: Request) {
  const word = req.query.word as string;
  if (rules.allows(word)) execSync('grep ' + word + ' words.txt');
  if (!rules.blocks(word)) execSync('grep ' + word + ' words.txt');
}
export function search(req: Request) {
  const word = req.query.word as string;
  if (checkC(word)) execSync('grep ' + word + ' words.txt');
  if (checkD(word)) execSync('grep ' + word + ' words.txt');
  if (isValid(word)) execSync('grep ' + word + ' words.txt');
  if (checkE(word)) execSync('grep ' + word + ' words.txt');
}
`;

describe('predicates read from their bodies, with vulnerable twins', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const found = (file: string): [number, string][] =>
    report.findings
      .filter((finding) => finding.file === file && finding.checkId === 'security')
      .map((finding): [number, string] => [finding.range.startLine, finding.ruleId])
      .sort(([left], [right]) => left - right);

  beforeAll(async () => {
    project = createTypedProject({ 'src/origins.ts': origins, 'src/validators.ts': validators });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('takes a predicate that compares the parsed origin with a fixed one as confining the host', () => {
    expect(found('src/origins.ts')).toEqual([
      [21, 'security/open-redirect'],
      [31, 'security/ssrf'],
    ]);
  });

  it('reads allow-list patterns and early exits inside a predicate, and never trusts its name', () => {
    expect(found('src/validators.ts')).toEqual([
      [31, 'security/command-injection'],
      [36, 'security/command-injection'],
      [37, 'security/command-injection'],
    ]);
  });
});
