import { accessSync, constants } from 'node:fs';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import { probePrlimit } from './sandbox-capabilities.js';

// Commands that are (or start) Node.js: V8 reserves far more address space than it uses, so an
// address-space limit kills them at start-up; their heap is limited through NODE_OPTIONS instead.
const nodeCommands = new Set([
  'node',
  'nodejs',
  'npm',
  'npx',
  'pnpm',
  'pnpx',
  'yarn',
  'yarnpkg',
  'corepack',
  'tsx',
  'ts-node',
  'tsc',
  'vitest',
  'jest',
  'mocha',
  'bun',
  'bunx',
]);
const shells = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh']);

/** A command line as a person would type it, for messages. */
export function describeCommand(command: string, args: readonly string[]): string {
  return [command, ...args]
    .map((word) => (/^[\w./:=@-]+$/.test(word) ? word : JSON.stringify(word)))
    .join(' ');
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether a command can be started: a path that is executable, or a name found on `searchPath`. */
export function findExecutable(command: string, cwd: string, searchPath: string): string | undefined {
  if (command.includes('/')) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    return isExecutable(path) ? path : undefined;
  }
  for (const folder of searchPath.split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The words that start a command under an address-space limit, with the note that says what was limited. */
export async function memoryWrapper(
  command: string,
  memoryMb: number,
  notes: string[],
  degraded: string[],
): Promise<string[]> {
  const name = basename(command);
  const heapNote = `Memory: Node.js heap limited to ${memoryMb} MB with --max-old-space-size in NODE_OPTIONS`;
  if (command === process.execPath || nodeCommands.has(name)) {
    notes.push(`${heapNote}; no address-space limit, because V8 cannot start under one.`);
    return [];
  }
  if (shells.has(name)) {
    notes.push(
      `${heapNote}; no address-space limit for the shell, because Node.js processes it starts could not start under one.`,
    );
    return [];
  }
  if (process.platform === 'linux' && (await probePrlimit())) {
    notes.push(`Memory: address space limited to ${memoryMb} MB with prlimit --as.`);
    return ['prlimit', `--as=${memoryMb * 1024 * 1024}`, '--'];
  }
  const missing = `Memory: NOT limited for ${name}: prlimit is not available here; only Node.js heaps are limited.`;
  notes.push(missing);
  degraded.push(missing);
  return [];
}
