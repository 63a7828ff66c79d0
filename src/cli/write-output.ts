import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BatonError, describeCause } from '../core/errors.js';
import type { CliIo } from './command.js';

/** Writes a command's output to `--out` when given (creating its folder), else to stdout; returns where it went. */
export function writeOutput(io: CliIo, text: string, out: string | undefined): string {
  if (!out) {
    io.stdout.write(text);
    return 'stdout';
  }
  const path = resolve(io.cwd, out);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (cause) {
    throw new BatonError({
      code: 'FILE_WRITE_FAILED',
      message: `Could not write ${path}: ${describeCause(cause)}`,
      hint: 'Choose a path Baton can write to.',
      cause,
    });
  }
  return path;
}
