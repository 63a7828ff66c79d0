import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureProject } from '../../__fixtures__/fixture-project.js';
import { marked } from '../../__fixtures__/marked-lines.js';
import { createTypedProject } from '../../__fixtures__/typed-packages.js';
import { type VerifyReport, verify } from '../../verify.js';

/** A fixed IV is reported where the mode uses one; an ECB cipher uses none, and its mode is the finding. */
const ciphers = `
const crypto = require('crypto');
const key = crypto.randomBytes(16);
const fixedIv = Buffer.alloc(16, 1);

function sealWithFixedIv(text) {
  return crypto.createCipheriv('aes-128-cbc', key, fixedIv).update(text); // static-iv
}
function sealBlockByBlock(text) {
  return crypto.createCipheriv('aes-128-ecb', key, '').update(text); // weak-cipher
}
function sealWithFreshIv(text) {
  const iv = crypto.randomBytes(16);
  return [iv, crypto.createCipheriv('aes-128-cbc', key, iv).update(text)];
}
module.exports = { sealWithFixedIv, sealBlockByBlock, sealWithFreshIv };
`;

describe('cipher inputs', () => {
  let project: FixtureProject;
  let report: VerifyReport;

  beforeAll(async () => {
    project = createTypedProject({ 'src/ciphers.js': ciphers });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  const lines = (ruleId: string) =>
    report.findings
      .filter((finding) => finding.file === 'src/ciphers.js' && finding.ruleId === ruleId)
      .map((finding) => finding.range.startLine);

  it('reports a fixed IV for a mode that uses one, not the ignored IV of ECB', () => {
    expect(lines('security/static-iv-or-salt')).toEqual(marked(ciphers, 'static-iv'));
    expect(lines('security/weak-cipher')).toEqual(expect.arrayContaining(marked(ciphers, 'weak-cipher')));
  });
});
