/**
 * The workspace part's public surface, for the parts above it. Imports of its inner files from
 * other parts are still counted by the structure test and move here as they are touched.
 */
export { runSandboxed, type SandboxResult } from './sandbox.js';
export { stopRunningProcessGroups } from './sandbox-process.js';
export { createWorktree, runOwnerFile, worktreesRoot } from './worktree.js';
