/**
 * The verify part's public surface: what other parts may import from it. Loading it loads the
 * checks (and the TypeScript compiler), so the CLI reaches it through dynamic `import()` only;
 * parts that only speak of findings import `finding.ts` and `rules.ts`, which load nothing.
 */
export type {
  Check,
  CheckContext,
  CheckSettings,
  PlannedEdgeCase,
  SecurityCheckSettings,
  TypeDiagnostic,
  VerifiedComponent,
} from './check.js';
export { type BuiltInCheckId, builtInCheckIds, createBuiltInChecks, selectChecks } from './checks.js';
export { toVerifiedComponent } from './edge-cases/verified-component.js';
export {
  compareFindings,
  type FailOn,
  type Finding,
  lineRange,
  reachesThreshold,
  type Severity,
  type SourceRange,
  severities,
} from './finding.js';
export { nodeTypesNote } from './node-types-note.js';
export { isVerifiableFile, type VerifyProject } from './project.js';
export { findingRow, type RecordReportContext, recordVerifyReport } from './record-report.js';
export { describeRule, type RuleDescription, ruleDescriptions } from './rules.js';
export { type SarifInvocation, sarifInvocations } from './sandbox-findings.js';
export { type CompilerUsed, type VerifyOptions, type VerifyReport, verify } from './verify.js';
export { createVerifySession, type VerifySession } from './verify-session.js';
