import { describe, expect, it } from 'vitest';
import { createRedactor } from '../providers/redact.js';
import { type GateOptions, runGate } from './run-gate.js';

const key = 'sk-proj-Zq81vLm20XkPa9Tr7Wc4Yb6Nd3Hf5Gj0Ks2Qe8Ru1Io7Up4';

function gateOver(files: { path: string; content: string }[], secrets = createRedactor({})) {
  return runGate({
    root: '/nowhere',
    repositoryRoot: '/nowhere',
    checkIds: [],
    unavailable: [],
    available: [],
    verify: { failOn: 'error' } as GateOptions['verify'],
    tsconfig: undefined,
    testCommand: undefined,
    testFiles: [],
    signal: new AbortController().signal,
    touchedFiles: files,
    secrets,
  });
}

describe('secrets written into touched files', () => {
  it('are a blocking finding of their own when no security check ran (a JSON file, say)', async () => {
    const result = await gateOver([
      { path: 'config/app.json', content: `{\n  "mode": "production",\n  "openaiKey": "${key}"\n}\n` },
    ]);
    expect(result.evidence.passed).toBe(false);
    expect(result.evidence.requiredChecks).toEqual(['secrets']);
    expect(result.evidence.checks).toMatchObject([{ checkId: 'secrets', status: 'failed', blocking: 1 }]);
    expect(result.findings).toMatchObject([
      {
        checkId: 'secrets',
        ruleId: 'security/hardcoded-secret',
        file: 'config/app.json',
        range: { startLine: 3, startColumn: 17 },
        cwe: 'CWE-798',
      },
    ]);
    expect(JSON.stringify(result.findings)).not.toContain(key);
  });

  it('include the project’s own secret values, whatever their shape, and nothing ordinary', async () => {
    const secrets = createRedactor({ env: { DATABASE_PASSWORD: 'correct-horse-battery' } });
    const result = await gateOver(
      [
        {
          path: 'src/db.ts',
          content: "export const password = 'correct-horse-battery';\nexport const mode = 'production';\n",
        },
      ],
      secrets,
    );
    expect(result.findings.map((finding) => [finding.range.startLine, finding.message])).toEqual([
      [1, expect.stringContaining('A secret of this project')],
    ]);
    expect(
      (await gateOver([{ path: 'src/mode.ts', content: "export const mode = 'production';\n" }])).evidence,
    ).toMatchObject({
      passed: true,
      requiredChecks: [],
    });
  });
});
