// The public surface of Baton as a library. Everything not named here is internal.
export type { Awaitable } from './core/awaitable.js';
export { type Clock, createManualClock, systemClock } from './core/clock.js';
export { detectProject, type ProjectFacts } from './core/config/detect.js';
export {
  configEnvironmentVariables,
  configFileNames,
  type LoadConfigOptions,
  loadConfig,
} from './core/config/load.js';
export {
  type PlanSettings,
  type PromptSettings,
  resolvePlanningSettings,
  type TriageReason,
  type TriageRule,
  type TriageSettings,
  type TriageVerdict,
  triageReasons,
  triageVerdicts,
} from './core/config/planning-settings.js';
export {
  defineConfig,
  type LedgerLocation,
  type PackageManager,
  type ResolvedConfig,
  type UserConfig,
} from './core/config/schema.js';
export { type ErrorCode, errorCodes, exitCodes } from './core/error-codes.js';
export { BatonError, type BatonErrorOptions } from './core/errors.js';
export {
  type Activity,
  type BatonEvent,
  type BatonEventType,
  createEventBus,
  type EventBus,
  type EventSubscriber,
} from './core/events.js';
export { createId } from './core/ids.js';
export {
  type MergeOptions,
  type MergeReport,
  mergeAcceptedComponents,
} from './engine/review/merge-components.js';
export { loadReviewItems, type ReviewItem, type ReviewState } from './engine/review/review-items.js';
export { findReviewRun, type ReviewRun } from './engine/review/review-run.js';
export {
  loadReviewerFeedback,
  type ReviewerFeedback,
  renderReviewerFeedback,
} from './engine/review/reviewer-feedback.js';
export type {
  LedgerExport,
  LedgerStore,
  LedgerWriter,
  ReadEventsOptions,
  StoredEvent,
} from './ledger/ledger-store.js';
export { latestSchemaVersion } from './ledger/migrate.js';
export { openLedger } from './ledger/open-ledger.js';
export { openPostgresLedger, type PostgresLedgerOptions } from './ledger/postgres-store.js';
export type { LedgerDatabase, LedgerRow, LedgerTableName, NewLedgerRow } from './ledger/schema.js';
export { ledgerTableNames } from './ledger/schema.js';
export { openSqliteLedger, type SqliteLedgerOptions } from './ledger/sqlite-store.js';
export { type CheckPlanOptions, checkPlan, loadValidPlan, type PlanCheck } from './plan/check-plan.js';
export { type ParsedPlanFile, type ParsePlanResult, parsePlanText } from './plan/parse-plan.js';
export type { AcceptanceCriterion, EdgeCase, Plan, PlanComponent, PromptElements } from './plan/plan.js';
export { formatIssue, type PlanIssue, type PlanIssueCode, planIssueCodes } from './plan/plan-issue.js';
export { planJsonSchema } from './plan/plan-json-schema.js';
export {
  type ComponentKind,
  componentKinds,
  type OwnerRole,
  ownerRoles,
  planFileSchema,
} from './plan/plan-schema.js';
export { type TriageResult, type TriageSignal, triagePlan } from './plan/triage.js';
export { defaultTriageRules } from './plan/triage-rules.js';
export { countTokens, tokenEncoding } from './prompt/count-tokens.js';
export { lintPlanPrompts } from './prompt/lint-plan.js';
export { type LintFinding, type LintRule, lintPrompt, type PromptLintResult } from './prompt/lint-prompt.js';
export { findComponent, renderComponentPrompt } from './prompt/plan-prompts.js';
export type { PromptBlockReport, RenderedPrompt } from './prompt/render-prompt.js';
export { type Cassette, canonicalJson, readCassette, requestKey } from './providers/cassette.js';
export {
  type CompatibleProviderSettings,
  createAnthropicProvider,
  createCompatibleProvider,
  createOllamaProvider,
  createOpenAIProvider,
  type HostedProviderSettings,
} from './providers/hosted-providers.js';
export {
  createLedgerRecorder,
  createProviderLog,
  type LedgerRecorderOptions,
} from './providers/ledger-recorder.js';
export { createManualProvider, type ManualProviderSettings } from './providers/manual-provider.js';
export { costOf, type PriceTable } from './providers/prices.js';
export type {
  ChatMessage,
  GenerateRequest,
  GenerateResult,
  Provider,
  ProviderCallContext,
  ProviderKind,
  StructuredOutput,
  TokenUsage,
} from './providers/provider.js';
export type {
  CallEndEvent,
  CallErrorEvent,
  CallRetryEvent,
  CallStartEvent,
  ProviderObserver,
} from './providers/provider-observer.js';
export { RateLimiter, type RateLimits } from './providers/rate-limiter.js';
export { createRedactor, type Redactor } from './providers/redact.js';
export {
  cassettePath,
  createProviderRegistry,
  type ProviderRegistry,
  type ProviderRegistryOptions,
  parseProviderId,
} from './providers/registry.js';
export { type ReliabilityOptions, withReliability } from './providers/reliable-provider.js';
export { createReplayProvider, withRecording } from './providers/replay-provider.js';
export { defaultRetryPolicy, parseRetryAfter, type RetryPolicy } from './providers/retry-policy.js';
export { createProvidersFromConfig, type ProvidersFromConfigOptions } from './providers/setup.js';
export { generateObject, generateObjectOrThrow, type ObjectResult } from './providers/structured-output.js';
export { formatFindingsJson, formatFindingsText } from './report/findings-text.js';
export { featureSlug, type PromptDocFile, renderPromptDocs } from './report/prompt-docs.js';
export { type SarifToolInfo, toSarif } from './report/sarif.js';
export type { Check, CheckContext, CheckSettings, TypeDiagnostic } from './verify/check.js';
export { builtInCheckIds, createBuiltInChecks } from './verify/checks.js';
export type { FailOn, Finding, Severity, SourceRange } from './verify/finding.js';
export { type RuleDescription, ruleDescriptions } from './verify/rules.js';
export { type VerifyOptions, type VerifyReport, verify } from './verify/verify.js';
export { createVerifySession, type VerifySession } from './verify/verify-session.js';
export { type AppliedFile, type ApplyResult, applyEdits, type EditIssue } from './workspace/apply-edits.js';
export type { DiffHunk, Edit, EditFinding, EditFormat, ParsedEdits } from './workspace/edit.js';
export { collectGarbage, type GarbageReport } from './workspace/gc.js';
export { parseEdits } from './workspace/parse-edits.js';
export { resolveInsideWorktree } from './workspace/safe-path.js';
export { runSandboxed, type SandboxOptions, type SandboxResult } from './workspace/sandbox.js';
export {
  createWorktree,
  removeWorktree,
  type Worktree,
  worktreeBranchName,
} from './workspace/worktree.js';
