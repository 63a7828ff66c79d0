#!/usr/bin/env node
// The `baton` command: runs the compiled CLI from dist/ (built by `npm run build`, run by `prepare`).
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';

const argv = process.argv.slice(2);
const entry = new URL('../dist/cli/main.js', import.meta.url);

/**
 * `--help` of `baton` or of a command, from the text the build rendered with commander: a help
 * request loads neither commander nor any command's module. Undefined when the build wrote none.
 */
async function storedHelp() {
  const last = argv.at(-1);
  if (last !== '--help' && last !== '-h') return undefined;
  let texts;
  try {
    texts = JSON.parse(readFileSync(new URL('../dist/cli/commands/help.json', import.meta.url), 'utf8'));
  } catch {
    return undefined;
  }
  const { helpFor } = await import(new URL('../dist/cli/help-texts.js', import.meta.url).href);
  return helpFor(texts, argv, process.stdout.isTTY ? process.stdout.columns : undefined);
}

// `baton --version` answers from package.json alone: scripts call it to see what is installed.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${manifest.version}\n`);
} else if (!existsSync(entry)) {
  process.stderr.write(
    'error: Baton is not built (dist/ is missing).\nhint: run `npm run build` in the Baton folder.\n',
  );
  process.exitCode = 3;
} else {
  const help = await storedHelp();
  if (help !== undefined) {
    process.stdout.write(help);
  } else {
    // Node 22.1+ keeps compiled code on disk between runs; older versions start without it.
    module.enableCompileCache?.();
    const { runCli } = await import(entry.href);
    process.exitCode = await runCli(argv);
  }
}
