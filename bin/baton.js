#!/usr/bin/env node
// The `baton` command: runs the compiled CLI from dist/ (built by `npm run build`, run by `prepare`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'error: Baton is not built (dist/ is missing).\nhint: run `npm run build` in the Baton folder.\n',
  );
  process.exit(3);
}
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2));
