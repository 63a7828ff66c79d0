import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import type { VerifyReport } from '../../verify.js';
import { verify } from '../../verify.js';

/**
 * Sanitisers and guards known by what they do, each case a safe version and a vulnerable twin that
 * differs only in the behaviour under test; the functions' names say nothing either way.
 */
const cleaning = `
import type { Request, Response } from 'express';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
export function stripsSeparators(req: Request) {
  const name: string = req.query.name;
  return readFileSync(name.replace(/[\\/\\\\]/g, ''));
}
export function stripsSemicolons(req: Request) {
  const name: string = req.query.name;
  return readFileSync(name.replace(/[;]/g, ''));
}
export function htmlSafeIsNotShellSafe(req: Request, res: Response) {
  const text: string = req.query.text;
  const tagless = text.replace(/[<>]/g, '');
  res.send('<p>' + tagless + '</p>');
  execSync('echo ' + tagless);
}
export function checksForMarkup(req: Request, res: Response) {
  const name: string = req.query.name;
  if (!/["'&<>]/.test(name)) res.send('<b>' + name + '</b>');
}
export function checksForAmpersandOnly(req: Request, res: Response) {
  const name: string = req.query.name;
  if (!/[&]/.test(name)) res.send('<b>' + name + '</b>');
}
function keepIfPlain(text: string) {
  const markup = /["'&<>]/;
  const found = markup.exec(text);
  if (!found) return text;
  return '';
}
function keepAlways(text: string) {
  const markup = /["'&<>]/;
  const found = markup.exec(text);
  if (!found) return text;
  return text;
}
export function throughCheckingFunction(req: Request, res: Response) {
  const name: string = req.query.name;
  res.send('<b>' + keepIfPlain(name) + '</b>');
  res.send('<b>' + keepAlways(name) + '</b>');
}
`;

const guards = `
import type { Request, Response } from 'express';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
declare function someOpaqueCondition(): boolean;
const TARGETS: Record<string, string> = { home: '/', help: '/help' };
const allowed = new Set(['ls', 'pwd']);
export function eitherConstant(req: Request) {
  const file: string = req.query.file;
  if (file === 'a.txt' || file === 'b.txt') readFileSync(file);
  if (file === 'a.txt' || someOpaqueCondition()) readFileSync(file);
}
export function emptyOrCleaned(req: Request, res: Response) {
  let name: string = req.query.name;
  if (!name) {
  } else {
    name = name.replace(/[<>]/g, '');
  }
  res.send('<i>' + name + '</i>');
}
export function tableLookup(req: Request, res: Response) {
  const target: string = req.query.target;
  if (TARGETS[target] !== undefined) res.redirect(target);
  if (target !== undefined) res.redirect(target);
}
export function endsThePath(req: Request, res: Response) {
  const command: string = req.query.command;
  if (!allowed.has(command)) return res.status(400).send('no');
  execSync(command);
}
export function doesNotEndThePath(req: Request) {
  const command: string = req.query.command;
  if (!allowed.has(command)) console.log('not allowed');
  execSync(command);
}
import { realpath, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
export function confinedAfterRealpath(req: Request) {
  const name: string = req.query.name;
  const resolved = realpathSync(resolve('/srv/files', name));
  if (!resolved.startsWith('/srv/files/')) return;
  return readFileSync(resolved);
}
export function realpathCallback(req: Request) {
  const name: string = req.query.name;
  realpath(name, (error, resolved) => readFileSync(resolved));
}
`;

const urls = `
import type { Request, Response } from 'express';
const HASH = '#';
declare function currentPage(): string;
export function fragment(req: Request, res: Response) {
  const anchor: string = req.query.anchor;
  res.redirect(currentPage() + (HASH + anchor));
  res.redirect(anchor + HASH);
}
export function relative(req: Request, res: Response) {
  const user: string = req.params.user;
  res.redirect('users/' + user);
  res.redirect('u' + user);
}
`;

const packages = `
const express = require('express');
const app = express();
const pgp = require('pg-promise')();
app.get('/run', (req, res) => {
  require('cross-spawn')(req.query.program);
  require('cross-spawn')('ls', [req.query.folder]);
});
app.get('/items', (req, res) => {
  const db = pgp(process.env.DATABASE_URL);
  db.any("SELECT * FROM items WHERE kind = '" + req.query.kind + "'");
  db.any('SELECT * FROM items WHERE kind = $1', [req.query.kind]);
});
`;

const connections = `
import express from 'express';
import { JSDOM } from 'jsdom';
import WebSocketClient from 'ws';
import formidable from 'formidable';
import { exec } from 'child_process';
const app = express();
app.get('/preview', (req, res) => {
  JSDOM.fromURL(req.query.url);
  JSDOM.fromURL('https://pages.example.com/' + encodeURIComponent(req.query.page));
  new WebSocketClient(req.query.feed);
  new WebSocketClient('wss://feeds.example.com/' + encodeURIComponent(req.query.feed));
});
app.post('/upload', (req, res) => {
  formidable().parse(req, (error, fields) => {
    exec('touch ' + fields.name);
    exec('touch upload.tmp');
  });
});
`;

describe('sanitisers and guards by behaviour, with vulnerable twins', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const found = (file: string): [number, string][] =>
    report.findings
      .filter((finding) => finding.file === file && finding.checkId === 'security')
      .map((finding): [number, string] => [finding.range.startLine, finding.ruleId])
      .sort(([left], [right]) => left - right);

  beforeAll(async () => {
    project = createTypedProject({
      'src/cleaning.ts': cleaning,
      'src/guards.ts': guards,
      'src/urls.ts': urls,
      'src/packages.js': packages,
      'src/connections.js': connections,
    });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('takes a removed or absent class of characters as safe for the sinks whose metacharacters it holds, and only those', () => {
    expect(found('src/cleaning.ts')).toEqual([
      [11, 'security/path-traversal'],
      [17, 'security/command-injection'],
      [25, 'security/xss'],
      [42, 'security/xss'],
    ]);
  });

  it('reads either-or allow-lists, empty values, table lookups and guards that end the path', () => {
    expect(found('src/guards.ts')).toEqual([
      [11, 'security/path-traversal'],
      [24, 'security/open-redirect'],
      [34, 'security/command-injection'],
      [46, 'security/path-traversal'],
    ]);
  });

  it('keeps a redirect whose code-written start fixes the origin, and reports one that does not', () => {
    expect(found('src/urls.ts')).toEqual([
      [8, 'security/open-redirect'],
      [13, 'security/open-redirect'],
    ]);
  });

  it('knows connections opened to a URL, and a parser handed the request passing what it read to its callback', () => {
    expect(found('src/connections.js')).toEqual([
      [9, 'security/ssrf'],
      [11, 'security/ssrf'],
      [16, 'security/command-injection'],
    ]);
  });

  it('knows command runners and pg-promise by their package, and their safe forms', () => {
    expect(found('src/packages.js')).toEqual([
      [6, 'security/command-injection'],
      [11, 'security/sql-injection'],
    ]);
  });
});
