import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EslintProblem, type EslintRuleName, eslintRuleMap, lintFile } from './eslint-rules.js';
import { lintFiles } from './eslint-runner.js';
import { eslintTriggers, triggeredRules } from './eslint-triggers.js';

/** For every kept rule, code on which the real rule reports. */
const firing: Record<EslintRuleName, { name: string; text: string }> = {
  'sonarjs/slow-regex': { name: 'slug.ts', text: 'export const slug = /^(a+)+$/;\n' },
  'security/detect-pseudoRandomBytes': {
    name: 'nonce.ts',
    text: "import crypto from 'node:crypto';\nexport const nonce = crypto.pseudoRandomBytes(16);\n",
  },
  'security/detect-disable-mustache-escape': {
    name: 'engine.ts',
    text: 'export function configure(engine: { escapeMarkup: boolean }) {\n  engine.escapeMarkup = false;\n}\n',
  },
  'sonarjs/disabled-auto-escaping': {
    name: 'template.ts',
    text: "import Handlebars from 'handlebars';\nexport const render = Handlebars.compile('{{name}}', { noEscape: true });\n",
  },
  'sonarjs/dompurify-unsafe-config': {
    name: 'clean.ts',
    text: "import DOMPurify from 'dompurify';\nexport const clean = (html: string) => DOMPurify.sanitize(html, { ADD_TAGS: ['script'] });\n",
  },
  'security/detect-no-csrf-before-method-override': {
    name: 'app.js',
    text: "const express = require('express');\nconst app = express();\napp.use(express.csrf());\napp.use(express.methodOverride());\n",
  },
  'sonarjs/no-hardcoded-passwords': { name: 'login.ts', text: "export const password = 'hX8#kq2Lz!v';\n" },
  'sonarjs/no-hardcoded-secrets': {
    name: 'client.ts',
    text: "export const apiKey = 'k3Jd9QzP1xLm8VtR5wNb2YcH7gFs0aEu4iOo6yTq';\n",
  },
  'sonarjs/insecure-cookie': {
    name: 'session.ts',
    text: "import session from 'cookie-session';\nexport const middleware = session({ secure: false });\n",
  },
  'sonarjs/cookie-no-httponly': {
    name: 'cookies.ts',
    text: "import session from 'express-session';\nexport const middleware = session({ cookie: { httpOnly: false } });\n",
  },
  'sonarjs/xml-parser-xxe': {
    name: 'invoice.ts',
    text: "import libxmljs from 'libxmljs';\nexport const parse = (xml: string) => libxmljs.parseXml(xml, { noent: true });\n",
  },
  'sonarjs/unverified-certificate': {
    name: 'fetch.ts',
    text: "import https from 'node:https';\nhttps.request({ hostname: 'example.com', rejectUnauthorized: false });\n",
  },
  'sonarjs/unverified-hostname': {
    name: 'socket.ts',
    text: "import tls from 'node:tls';\ntls.connect(443, 'example.com', { checkServerIdentity: () => {} });\n",
  },
  'sonarjs/weak-ssl': {
    name: 'context.ts',
    text: "import tls from 'node:tls';\nexport const context = tls.createSecureContext({ minVersion: 'TLSv1' });\n",
  },
  'sonarjs/no-weak-cipher': {
    name: 'cipher.ts',
    text: "import crypto from 'node:crypto';\nexport const cipher = (key: Buffer, iv: Buffer) => crypto.createCipheriv('des', key, iv);\n",
  },
  'sonarjs/encryption-secure-mode': {
    name: 'block.ts',
    text: "import crypto from 'node:crypto';\nexport const cipher = (key: Buffer, iv: Buffer) => crypto.createCipheriv('aes-256-cbc', key, iv);\n",
  },
  'sonarjs/no-weak-keys': {
    name: 'keys.ts',
    text: "import crypto from 'node:crypto';\nexport const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });\n",
  },
  'sonarjs/insecure-jwt-token': {
    name: 'jwt.ts',
    text: "import jwt from 'jsonwebtoken';\nexport const token = jwt.sign({ sub: 1 }, 'key', { algorithm: 'none' });\n",
  },
  'sonarjs/publicly-writable-directories': {
    name: 'scratch.ts',
    text: "export const scratch = '/tmp/upload.bin';\n",
  },
};

/** Code the rules still report on, with the names they match spelled through escapes or built at run time. */
const disguised: { name: string; text: string; rule: EslintRuleName }[] = [
  {
    name: 'escaped-member.ts',
    text: "import crypto from 'node:crypto';\nexport const nonce = crypto.pseudo\\u0052andomBytes(16);\n",
    rule: 'security/detect-pseudoRandomBytes',
  },
  {
    name: 'escaped-key.ts',
    text: "import https from 'node:https';\nhttps.request({ 'reject\\x55nauthorized': false });\n",
    rule: 'sonarjs/unverified-certificate',
  },
  {
    name: 'continued-string.ts',
    text: "export const url = 'db://user:pass@host?pass\\\nword=hX8#kq2Lz!v';\n",
    rule: 'sonarjs/no-hardcoded-passwords',
  },
  {
    name: 'pattern-in-string.ts',
    text: "const pattern = '^(a+)+$';\nexport const slug = new RegExp(pattern);\n",
    rule: 'sonarjs/slow-regex',
  },
  {
    name: 'joined-pattern.ts',
    text: "const group = '(a+)';\nexport const slug = new RegExp(group + '+$');\n",
    rule: 'sonarjs/slow-regex',
  },
  {
    name: 'parenthesised-constructor.ts',
    text: "export const slug = (RegExp) /* built at run time */ ('^(a+)+$');\n",
    rule: 'sonarjs/slow-regex',
  },
  {
    name: 'escaped-secret.ts',
    text: "export const authKey = '\\x6b3Jd9QzP1xLm8VtR5wNb2YcH7gFs0aEu4iOo6\\\nyTq';\n",
    rule: 'sonarjs/no-hardcoded-secrets',
  },
  {
    name: 'windows-temp.ts',
    text: "export const scratch = 'C:\\\\Temp\\\\upload.bin';\n",
    rule: 'sonarjs/publicly-writable-directories',
  },
  {
    name: 'environment.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the file's content is a template literal.
    text: 'export const scratch = `${process.env.TMPDIR}/upload.bin`;\n',
    rule: 'sonarjs/publicly-writable-directories',
  },
];

let folder: string;
const path = (name: string) => join(folder, name);

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'baton-eslint-triggers-'));
  for (const { name, text } of [...Object.values(firing), ...disguised]) writeFileSync(path(name), text);
  writeFileSync(
    path('plain.ts'),
    'export function total(prices: number[]): number {\n  return prices.reduce((sum, price) => sum + price, 0) / 2;\n}\n',
  );
  // The names the rules key on, only in a comment and in a string: linting is allowed, skipping would also be sound.
  writeFileSync(
    path('mentions.ts'),
    "// Never set rejectUnauthorized: false on https.request.\nexport const advice = 'use jsonwebtoken with an algorithm';\nexport const half = (value: number) => value / 2;\n",
  );
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const rulesOf = (problems: EslintProblem[] | undefined) => [
  ...new Set((problems ?? []).map((problem) => problem.eslintRule)),
];

describe('the triggers of the kept ESLint rules', () => {
  it('has one trigger for every kept rule, and none for a rule not kept', () => {
    expect(Object.keys(eslintTriggers)).toEqual(Object.keys(eslintRuleMap));
  });

  it('lints every file on which a kept rule reports, with that rule on, and finds what linting with every rule finds', async () => {
    const files = Object.values(firing).map(({ name }) => path(name));
    const linted = await lintFiles(files);
    for (const [rule, { name }] of Object.entries(firing)) {
      const everyRule = await lintFile(path(name), readFileSync(path(name), 'utf8'));
      expect(rulesOf(everyRule), name).toContain(rule);
      expect(triggeredRules(path(name), readFileSync(path(name), 'utf8')), name).toContain(rule);
      expect(linted.get(path(name)), name).toEqual(everyRule);
    }
  });

  it('still lints where the names are spelled through escapes or the pattern is built from a string', async () => {
    const linted = await lintFiles(disguised.map(({ name }) => path(name)));
    for (const { name, rule } of disguised) {
      const everyRule = await lintFile(path(name), readFileSync(path(name), 'utf8'));
      expect(rulesOf(everyRule), name).toContain(rule);
      expect(linted.get(path(name)), name).toEqual(everyRule);
    }
  });

  it('does not lint a file that holds no trigger, and turns on only the rules whose trigger a file holds', async () => {
    const linted = await lintFiles([path('plain.ts'), path(firing['sonarjs/xml-parser-xxe'].name)]);
    expect([...linted.keys()]).toEqual([path(firing['sonarjs/xml-parser-xxe'].name)]);
    expect(triggeredRules(path('plain.ts'), readFileSync(path('plain.ts'), 'utf8'))).toEqual([]);
    const xxe = path(firing['sonarjs/xml-parser-xxe'].name);
    expect(triggeredRules(xxe, readFileSync(xxe, 'utf8'))).toEqual(['sonarjs/xml-parser-xxe']);
  });

  it('a name only in a comment or a string makes the file linted, and nothing is reported there', async () => {
    const mentions = path('mentions.ts');
    expect(triggeredRules(mentions, readFileSync(mentions, 'utf8'))).toEqual([
      'sonarjs/unverified-certificate',
      'sonarjs/unverified-hostname',
      'sonarjs/insecure-jwt-token',
    ]);
    const linted = await lintFiles([mentions]);
    expect(linted.get(mentions)).toEqual([]);
  });

  it('reads the password words in any case, and the module names exactly', () => {
    expect(triggeredRules('a.ts', 'const DB_PASSWORD = x;')).toEqual(['sonarjs/no-hardcoded-passwords']);
    expect(triggeredRules('a.ts', "import purify from 'DOMPurify';")).toEqual([]);
    expect(triggeredRules('a.tsx', 'const field = <input name="&#112;assword" />;')).toContain(
      'sonarjs/no-hardcoded-passwords',
    );
  });
});
