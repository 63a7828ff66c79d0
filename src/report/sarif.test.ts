import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../verify/__fixtures__/fixture-project.js';
import type { Finding } from '../verify/finding.js';
import { verify } from '../verify/index.js';
import { toSarif } from './sarif.js';

// The SARIF 2.1.0 schema (rtm.5, JSON Schema draft-04) as Microsoft's SARIF tooling publishes it on npm.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;

// Both are CommonJS packages whose real export is `default`.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

function validator() {
  // The schema's language pattern is valid only without the regular expression `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const sample: Finding[] = [
  {
    checkId: 'api',
    ruleId: 'api/missing-export',
    severity: 'error',
    file: 'src/a b.ts',
    range: { startLine: 1, startColumn: 10, endLine: 1, endColumn: 19 },
    message: 'Module "zod" has no export named "zodSchema". Did you mean "ZodSchema"?',
    hint: 'Import "ZodSchema" instead.',
    suggestion: 'ZodSchema',
    checkedAgainst: 'zod@4.6.7',
  },
  {
    checkId: 'api',
    ruleId: 'api/deprecated',
    severity: 'warning',
    file: 'lib/x.js',
    range: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 6 },
    message: 'parse is deprecated.',
    cwe: 'CWE-477',
  },
  {
    checkId: 'tests',
    ruleId: 'tests/command-failed',
    severity: 'error',
    file: '.',
    range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
    message: 'The test command failed.',
  },
];

describe('SARIF output', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const validate = validator();
    const log = toSarif(sample, '/work/project', { name: 'baton', version: '0.1.0' });
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('a log that breaks the schema is rejected, so the validation can fail', () => {
    const validate = validator();
    const log = toSarif(sample, '/work/project', { name: 'baton', version: '0.1.0' }) as {
      runs: { results: { level: string }[] }[];
    };
    const broken = structuredClone(log);
    const first = broken.runs[0]?.results[0];
    if (first) first.level = 'fatal';
    expect(validate(broken)).toBe(false);
  });

  it('points results at files relative to SRCROOT, with the rule table, hint and version', () => {
    const log = toSarif(sample, '/work/project', { name: 'baton', version: '0.1.0' }) as {
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        originalUriBaseIds: { SRCROOT: { uri: string } };
        results: Record<string, unknown>[];
      }[];
    };
    const run = log.runs[0];
    expect(run?.originalUriBaseIds.SRCROOT.uri).toBe('file:///work/project/');
    expect(run?.tool.driver.rules.map((rule) => rule.id)).toEqual([
      'api/deprecated',
      'api/missing-export',
      'tests/command-failed',
    ]);
    expect(run?.results[0]).toMatchObject({
      ruleId: 'api/missing-export',
      ruleIndex: 1,
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/a%20b.ts', uriBaseId: 'SRCROOT' },
            region: { startLine: 1, startColumn: 10 },
          },
        },
      ],
      properties: { suggestion: 'ZodSchema', checkedAgainst: 'zod@4.6.7' },
    });
    expect(run?.results[2]?.locations).toBeUndefined();
  });

  describe('from a real verify run', () => {
    let project: FixtureProject;
    beforeAll(() => {
      project = createFixtureProject({
        files: {
          'package.json': JSON.stringify({ name: 'app', type: 'module', dependencies: { zod: '*' } }),
          'src/index.ts':
            "import { z, zodSchema } from 'zod';\nexport const value: number = 'text';\nexport const schema = z.strng();\n",
          'src/broken.js': 'export function (',
        },
      });
    });
    afterAll(() => project.remove());

    it('is valid SARIF with every finding in it', async () => {
      const report = await verify({ root: project.root, checks: ['types', 'api'] });
      expect(report.findings.length).toBeGreaterThanOrEqual(4);
      const log = toSarif(report.findings, report.root, { name: 'baton', version: '0.1.0' }) as {
        runs: { results: unknown[] }[];
      };
      const validate = validator();
      expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
      expect(log.runs[0]?.results).toHaveLength(report.findings.length);
    });
  });
});
