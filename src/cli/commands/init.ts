import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BatonError, describeCause } from '../../core/errors.js';
import type { ProjectFacts } from '../../core/index.js';
import { detectProject, findGitRoot } from '../../core/index.js';
import { defineCommand } from '../command.js';

function renderConfig(facts: ProjectFacts): string {
  const entries = [
    `  packageManager: '${facts.packageManager}',`,
    facts.testCommand
      ? `  testCommand: '${facts.testCommand.replaceAll("'", "\\'")}',`
      : '  // testCommand: no test script found in package.json',
    facts.tsconfig ? `  tsconfig: '${facts.tsconfig}',` : '  // tsconfig: no tsconfig.json found',
    "  // ledger: '.baton/ledger.db', // or a postgres:// URL for a team ledger",
  ];
  return `import { defineConfig } from 'baton-workbench/config';\n\n// Every key is optional; see Baton's README, "Configuration".\nexport default defineConfig({\n${entries.join('\n')}\n});\n`;
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text, { flag: 'wx' });
  } catch (cause) {
    throw new BatonError({
      code: 'FILE_WRITE_FAILED',
      message: `Could not write ${path}: ${describeCause(cause)}`,
      hint: 'Check that the folder is writable.',
      cause,
    });
  }
}

export const initCommand = defineCommand({
  name: 'init',
  description: 'set Baton up in this git repository: detect the project, write baton.config.ts and .baton/',
  async run({ io }) {
    const root = io.cwd;
    if (!findGitRoot(root)) {
      throw new BatonError({
        code: 'NOT_A_GIT_REPOSITORY',
        message: `${root} is not inside a git repository.`,
        hint: 'Baton works in git worktrees; run `git init` first, or run `baton init` inside your repository.',
      });
    }
    const changes: string[] = [];
    const { configFileNames } = await import('../../core/config/load.js');
    const existing = configFileNames.find((name) => existsSync(join(root, name)));
    const facts = detectProject(root);
    if (existing) {
      changes.push(`kept ${existing} (already there)`);
    } else {
      write(join(root, 'baton.config.ts'), renderConfig(facts));
      changes.push('wrote baton.config.ts');
    }

    const dataDir = join(root, '.baton');
    const ignoreFile = join(dataDir, '.gitignore');
    if (existsSync(ignoreFile)) {
      changes.push('kept .baton/ (already there)');
    } else {
      mkdirSync(dataDir, { recursive: true });
      // Ignoring from inside keeps the user's own .gitignore untouched.
      write(ignoreFile, '# Baton’s working files: the ledger, caches, worktrees.\n*\n');
      changes.push('created .baton/ (ignored by git)');
    }

    const manager = `${facts.packageManager} (${facts.packageManagerSource === 'default' ? 'default' : `from ${facts.packageManagerSource}`})`;
    io.stdout.write(
      [
        `Baton in ${relative(process.cwd(), root) || '.'}`,
        `  package manager  ${manager}`,
        `  test command     ${facts.testCommand ?? 'none found'}`,
        `  tsconfig         ${facts.tsconfig ?? 'none found'}`,
        ...changes.map((change) => `  ${change}`),
        existing && changes.every((change) => change.startsWith('kept'))
          ? 'Already set up; nothing changed.'
          : 'Done.',
        '',
      ].join('\n'),
    );
    return 0;
  },
});
