#!/usr/bin/env node
// The `baton` command: runs the compiled CLI from dist/ (built by `npm run build`, run by `prepare`).
import { existsSync, readFileSync } from 'node:fs';

// `baton --version` answers from package.json alone: scripts call it to see what is installed.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${manifest.version}\n`);
  process.exit(0);
}

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'error: Baton is not built (dist/ is missing).\nhint: run `npm run build` in the Baton folder.\n',
  );
  process.exit(3);
}
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2));
