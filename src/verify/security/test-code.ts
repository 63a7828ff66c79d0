import type ts from 'typescript';
import type { Finding } from '../finding.js';

/** Where the JavaScript tools' conventions put tests, mocks and fixtures. */
const testPath =
  /(^|\/)(__tests__|__mocks__|tests?|mocks?|e2e|cypress|playwright)\/|\.(test|spec|e2e|cy)\.[cm]?[jt]sx?$/;
/** Test runners and request mocks: a file that imports one is test code wherever it lives. */
const testPackages =
  /^(vitest|jest|@jest\/globals|mocha|ava|tap|node:test|@playwright\/test|playwright|cypress|msw|msw\/node|nock|supertest|@testing-library\/.+)$/;

/** Whether a file is test code: by the conventional places, or because it imports a test runner or a request mock. */
export function isTestCode(projectPath: string, sourceFile: ts.SourceFile | undefined): boolean {
  if (testPath.test(projectPath.replace(/\\/g, '/'))) return true;
  if (!sourceFile) return false;
  return sourceFile.statements.some((statement) => {
    const specifier = (statement as { moduleSpecifier?: ts.Expression }).moduleSpecifier;
    return (
      specifier !== undefined &&
      'text' in specifier &&
      typeof specifier.text === 'string' &&
      testPackages.test(specifier.text)
    );
  });
}

/**
 * What a finding in test code is worth: test code does not ship, so a flow there is a note, not a
 * defect of the product, and a password literal there is test data; a credential in a known token
 * format (secretlint) stays what it is, since a leaked key works wherever it was committed.
 */
export function forTestCode(finding: Finding): Finding[] {
  if (finding.ruleId === 'security/hardcoded-secret') {
    if (finding.message.includes('secretlint')) return [finding];
    return [];
  }
  if (finding.ruleId === 'security/analysis-incomplete') return [finding];
  return [
    {
      ...finding,
      severity: 'note',
      message: `${finding.message} In test code, which does not ship: a note, not a defect of the product.`,
    },
  ];
}

/** The findings with the test-code policy applied to those in test files. */
export function withTestCodePolicy(
  findings: readonly Finding[],
  sourceFileOf: (projectPath: string) => ts.SourceFile | undefined,
): Finding[] {
  const known = new Map<string, boolean>();
  return findings.flatMap((finding) => {
    let test = known.get(finding.file);
    if (test === undefined) {
      test = isTestCode(finding.file, sourceFileOf(finding.file));
      known.set(finding.file, test);
    }
    return test ? forTestCode(finding) : [finding];
  });
}
