/**
 * The core part's public surface for the parts above it: errors, the clock, events, ids, the
 * settings of each config section, and small helpers. Config loading is reached through
 * `loadConfig`, which loads jiti only when called.
 */
import type { LoadConfigOptions } from './config/load.js';
import type { ResolvedConfig } from './config/schema.js';

export type { Awaitable } from './awaitable.js';
export { type Clock, systemClock } from './clock.js';
export {
  type BenchmarkBudget,
  type BenchmarkBudgetInput,
  benchmarkBudgetSchema,
  resolveBenchmarkBudget,
} from './config/benchmark-settings.js';
export { detectProject, findGitRoot, type ProjectFacts } from './config/detect.js';
export type { LoadConfigOptions } from './config/load.js';
export { defaultMinProfileHours } from './config/metrics-settings.js';
export {
  type PlanSettings,
  resolvePlanningSettings,
  type TriageReason,
  type TriageRule,
  type TriageSettings,
  type TriageVerdict,
  triageReasons,
  triageVerdicts,
} from './config/planning-settings.js';
export type { ProvidersSettings } from './config/providers-settings.js';
export type { LedgerLocation, ResolvedConfig, UserConfig } from './config/schema.js';
export {
  defaultCapacityHours,
  identitiesOf,
  type ReviewRules,
  resolveTeamPerson,
  type TeamPerson,
  type TeamRole,
  type TeamSettings,
  type TrainingPhase,
  teamRoles,
  trainingPhases,
} from './config/team-settings.js';
export {
  defaultTrainingSettings,
  type PhaseDuration,
  type TrainingSettings,
} from './config/training-settings.js';
export { type VerifySettings, verifyCheckIds, verifyFailOnLevels } from './config/verify-settings.js';
export { parseDuration, parseSince } from './durations.js';
export { type ErrorCode, exitCodes } from './error-codes.js';
export { BatonError, type BatonErrorOptions, describeCause } from './errors.js';
export {
  type Activity,
  type BatonEvent,
  createEventBus,
  type EventBus,
  type EventSubscriber,
} from './events.js';
export { formatTable } from './format-table.js';
export { createId } from './ids.js';
export { seededRandom } from './seeded-random.js';
export type { SourceDocument, SourcePath, SourcePosition, SourceSyntaxError } from './source-position.js';
export { closestMatch } from './suggest.js';
/** The layered config of a project (defaults < file < environment < flags). */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  return (await import('./config/load.js')).loadConfig(options);
}
