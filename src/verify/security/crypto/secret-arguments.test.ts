import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked, reportedLines } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/**
 * Secrets known by the parameter they are passed as, not by how they look: none of these literals
 * has the shape or entropy a secret scanner looks for.
 */
const source = `
const jwt = require('jsonwebtoken');
const session = require('express-session');
const cookieParser = require('cookie-parser');
const { SignJWT, jwtVerify } = require('jose');
const GitHubStrategy = require('passport-github2').Strategy;
const { Strategy: JwtStrategy } = require('passport-jwt');
const { expressjwt } = require('express-jwt');
const honoJwt = require('hono/jwt');
const fastify = require('fastify')();
const config = require('./config');

const signingKey = 'shhhhh';
let fallbackKey = 'changeme';
let rotatingKey = 'first';
rotatingKey = config.nextKey();
const publicKey = '-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\\n-----END PUBLIC KEY-----';

function issue(user) {
  const token = jwt.sign({ sub: user.id }, signingKey); // hardcoded
  jwt.sign({ sub: user.id }, fallbackKey); // hardcoded
  jwt.sign({ sub: user.id }, rotatingKey); // safe
  jwt.sign({ sub: user.id }, process.env.JWT_SECRET); // safe
  jwt.verify(token, publicKey); // safe
  return jwt.verify(token, 'keyboard cat'); // hardcoded
}

async function issueWithJose(user) {
  const key = new TextEncoder().encode('my-jose-secret');
  const token = await new SignJWT({ sub: user.id }).setProtectedHeader({ alg: 'HS256' }).sign(key); // hardcoded
  await jwtVerify(token, new TextEncoder().encode(process.env.JOSE_SECRET)); // safe
  return jwtVerify(token, key); // hardcoded
}

const sessions = session({ secret: 'keyboard cat', resave: false }); // hardcoded
const rotated = session({ secret: [config.sessionSecret, 'old secret'] }); // hardcoded
const fromEnvironment = session({ secret: process.env.SESSION_SECRET }); // safe
const cookies = cookieParser('cookie secret'); // hardcoded
const github = new GitHubStrategy({ clientID: 'abc123', clientSecret: 'gh-secret', callbackURL: '/cb' }, () => undefined); // hardcoded
const jwtStrategy = new JwtStrategy({ secretOrKey: signingKey, jwtFromRequest: config.extract }, () => undefined); // hardcoded
const configured = new JwtStrategy({ secretOrKey: config.jwtSecret, jwtFromRequest: config.extract }, () => undefined); // safe
const guard = expressjwt({ secret: process.env.JWT_SECRET || 'superSecret', algorithms: ['HS256'] }); // fallback
const strict = expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] }); // safe
const honoToken = honoJwt.sign({ sub: 'admin' }, 'it-is-very-secret'); // hardcoded
fastify.register(require('@fastify/jwt'), { secret: 'supersecret' }); // hardcoded
fastify.register(require('@fastify/jwt'), { secret: config.jwtSecret }); // safe

module.exports = { issue, issueWithJose, sessions, rotated, fromEnvironment, cookies, github, jwtStrategy, configured, guard, strict, honoToken };
`;

describe('secrets written where an API takes one', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/auth.js': source, 'test/auth.test.js': source });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  const lines = (file: string) => reportedLines(report.findings, file, 'security/hardcoded-secret');

  it('reports JWT keys, session and cookie secrets and OAuth client secrets written in the source, and not public keys or values from elsewhere', () => {
    expect(lines('src/auth.js')).toEqual(
      [...marked(source, 'hardcoded'), ...marked(source, 'fallback')].sort((left, right) => left - right),
    );
  });

  it('makes a literal that stands in only when the configured secret is missing a warning, and says so', () => {
    const [fallback] = marked(source, 'fallback');
    const finding = report.findings.find(
      (each) => each.file === 'src/auth.js' && each.range.startLine === fallback,
    );
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toContain('falls back to one written in the source');
    const fixed = report.findings.filter(
      (each) => each.file === 'src/auth.js' && marked(source, 'hardcoded').includes(each.range.startLine),
    );
    expect(new Set(fixed.map((each) => each.severity))).toEqual(new Set(['error']));
  });

  it('leaves test code alone, where such a literal is test data', () => {
    expect(lines('test/auth.test.js')).toEqual([]);
  });
});
