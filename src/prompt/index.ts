/** The prompt part's public surface for the parts above it: a component's prompt and the prompt lint. */

export { gatherComponentContext } from './component-context.js';
export { lintPlanPrompts } from './lint-plan.js';
export { lintPrompt, type PromptLintResult } from './lint-prompt.js';
export { findComponent, renderComponentPrompt } from './plan-prompts.js';
export type { RenderedPrompt } from './render-prompt.js';
export { renderPrompt } from './render-prompt.js';
export { type RepositoryFacts, readRepositoryFacts } from './repository-facts.js';
