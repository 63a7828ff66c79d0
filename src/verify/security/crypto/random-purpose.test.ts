import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** Math.random for values that must not be guessed, and for record keys and replay nonces sent in the clear. */
const randomValues = `
const crypto = require('crypto');
function issueApiKey() {
  const apiKey = Math.random().toString(36).slice(2); // insecure
  return apiKey;
}
function newSessionKey() {
  const key = Math.random().toString(16); // insecure
  return key;
}
function queueEvent(store, event) {
  const dedupe_key = Math.random().toString(36).substring(4);
  store.put(dedupe_key, event);
}
function describeEvent(event) {
  return { name: event.name, groupKey: event.id ? String(event.id) : Math.random().toString(36) };
}
function signedQuery(fields, secret) {
  const query = { ...fields, RequestNonce: Math.random().toString(), At: Date.now() };
  query.Mac = crypto.createHmac('sha256', secret).update(JSON.stringify(query)).digest('hex');
  return query;
}
function pageNonce() {
  const nonce = Math.random().toString(36); // insecure
  return "script-src 'nonce-" + nonce + "'";
}
module.exports = { issueApiKey, newSessionKey, queueEvent, describeEvent, signedQuery, pageNonce };
`;

/** HMAC with MD5 or SHA-1 is still a sound MAC; bare MD5 over a password and HMAC with MD4 are not. */
const digests = `
const crypto = require('crypto');
function responseMac(key, challenge) {
  return crypto.createHmac('md5', key).update(challenge).digest();
}
function legacyMac(key, challenge) {
  return crypto.createHmac('md4', key).update(challenge).digest(); // weak
}
function storedPassword(password) {
  return crypto.createHash('md5').update(password).digest('hex'); // weak
}
module.exports = { responseMac, legacyMac, storedPassword };
`;

describe('what Math.random makes, and which MACs are weak', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  beforeAll(async () => {
    project = createTypedProject({ 'src/random-values.js': randomValues, 'src/digests.js': digests });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  const lines = (file: string, ruleId: string) =>
    report.findings
      .filter((finding) => finding.file === file && finding.ruleId === ruleId)
      .map((finding) => finding.range.startLine);

  it('reports Math.random for secrets and keys of cryptography, not for record keys or message nonces', () => {
    expect(lines('src/random-values.js', 'security/insecure-randomness')).toEqual(
      marked(randomValues, 'insecure'),
    );
  });

  it('reports bare weak digests for passwords and HMAC over MD4, not HMAC over MD5', () => {
    expect(lines('src/digests.js', 'security/weak-hash')).toEqual(marked(digests, 'weak'));
  });
});
