/**
 * The core part's public surface for the parts above it: errors, the clock, events, and small
 * helpers. Config loading is reached through `loadConfig`, which loads jiti only when called.
 */
import type { LoadConfigOptions } from './config/load.js';
import type { ResolvedConfig } from './config/schema.js';

export { type Clock, systemClock } from './clock.js';
export { type BenchmarkBudget, resolveBenchmarkBudget } from './config/benchmark-settings.js';
export { findGitRoot } from './config/detect.js';
export type { LoadConfigOptions } from './config/load.js';
export type { LedgerLocation, ResolvedConfig } from './config/schema.js';
export { parseDuration } from './durations.js';
export { BatonError, type BatonErrorOptions, describeCause } from './errors.js';
export { type Activity, createEventBus, type EventBus } from './events.js';
export { closestMatch } from './suggest.js';

/** The layered config of a project (defaults < file < environment < flags). */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  return (await import('./config/load.js')).loadConfig(options);
}
