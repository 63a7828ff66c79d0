// Part of `npm run build`, after tsc: writes dist/cli/commands/commands.json, every command's words,
// arguments and options with the module that holds it, and dist/cli/commands/help.json, the help
// commander prints for each command. `baton --help` and `--version` read these files instead of
// loading commander and every command's module; a command's module loads only when it runs.
import { readdirSync, writeFileSync } from 'node:fs';

const folder = new URL('../dist/cli/commands/', import.meta.url);
const { commands, commandGroups } = await import(new URL('index.js', folder).href);

const owners = new Map();
for (const file of readdirSync(folder).filter((name) => name.endsWith('.js') && name !== 'index.js')) {
  const module = await import(new URL(file, folder).href);
  for (const [exportName, value] of Object.entries(module)) {
    if (commands.includes(value)) owners.set(value, { module: file, exportName });
  }
}

const entries = commands.map((definition) => {
  const owner = owners.get(definition);
  if (!owner) throw new Error(`No module under dist/cli/commands exports the command "${definition.name}".`);
  const { run: _run, ...declaration } = definition;
  return { ...declaration, ...owner };
});
writeFileSync(
  new URL('commands.json', folder),
  `${JSON.stringify({ commands: entries, groups: commandGroups }, null, 2)}\n`,
);

// The help is rendered by the program `baton` builds from the manifest above, so it is commander's own.
const { createProgram } = await import(new URL('../main.js', folder).href);
const { collectHelpTexts } = await import(new URL('../help-texts.js', folder).href);
const silent = { write: () => true };
const program = await createProgram(
  { stdout: silent, stderr: silent, cwd: process.cwd(), env: process.env },
  () => {},
);
writeFileSync(new URL('help.json', folder), JSON.stringify(collectHelpTexts(program)));
