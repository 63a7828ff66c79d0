/**
 * The prompt part's public surface. Imports of its inner files from other parts are still counted
 * by the structure test and move here as they are touched.
 */
export { lintPrompt, type PromptLintResult } from './lint-prompt.js';
export { type RepositoryFacts, readRepositoryFacts } from './repository-facts.js';
