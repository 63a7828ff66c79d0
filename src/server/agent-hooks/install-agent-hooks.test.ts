import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batonBin, createAgentRepository, type FixtureProject } from '../mcp/__fixtures__/mcp-fixture.js';
import { installHook, planHookInstall } from './install-agent-hooks.js';

let project: FixtureProject | undefined;
const folders: string[] = [];
afterEach(() => {
  project?.remove();
  project = undefined;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const created = mkdtempSync(join(tmpdir(), 'baton-hooks-'));
  folders.push(created);
  return created;
}

// A user's settings with hooks of their own, which installing must keep as they are.
const userSettings = {
  permissions: { allow: ['Bash(npm test)'] },
  hooks: {
    Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }],
    PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: './check-bash.sh' }] }],
  },
};

describe('baton hooks install claude-code', () => {
  it("adds a Stop and a PostToolUse hook to .claude/settings.json, keeping the user's own", () => {
    const root = folder();
    mkdirSync(join(root, '.claude'));
    writeFileSync(join(root, '.claude', 'settings.json'), JSON.stringify(userSettings, null, 2));
    installHook({ target: 'claude-code', cwd: root });
    const settings = JSON.parse(readFileSync(join(root, '.claude', 'settings.json'), 'utf8'));
    expect(settings.permissions).toEqual(userSettings.permissions);
    expect(settings.hooks.PreToolUse).toEqual(userSettings.hooks.PreToolUse);
    expect(settings.hooks.Stop).toEqual([
      { hooks: [{ type: 'command', command: 'say done' }] },
      { hooks: [{ type: 'command', command: 'baton hooks run claude-code', timeout: 900 }] },
    ]);
    expect(settings.hooks.PostToolUse).toEqual([
      {
        matcher: 'Edit|MultiEdit|Write',
        hooks: [{ type: 'command', command: 'baton hooks run claude-code', timeout: 120 }],
      },
    ]);
  });

  it('is idempotent: a second install leaves the same file', () => {
    const root = folder();
    installHook({ target: 'claude-code', cwd: root });
    const first = readFileSync(join(root, '.claude', 'settings.json'), 'utf8');
    const again = installHook({ target: 'claude-code', cwd: root });
    expect(again.replacing).toBe(true);
    expect(readFileSync(join(root, '.claude', 'settings.json'), 'utf8')).toBe(first);
  });

  it("starts the project's own Baton through $CLAUDE_PROJECT_DIR when it has one", () => {
    const root = folder();
    mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(join(root, 'node_modules', '.bin', 'baton'), '');
    const plan = planHookInstall({ target: 'claude-code', cwd: root });
    expect(plan.snippet).toContain(
      '"command": "\\"$CLAUDE_PROJECT_DIR\\"/node_modules/.bin/baton hooks run claude-code"',
    );
  });

  it('refuses settings that are not JSON, and leaves them as they were', () => {
    const root = folder();
    mkdirSync(join(root, '.claude'));
    writeFileSync(join(root, '.claude', 'settings.json'), '{ "hooks": ');
    expect(() => installHook({ target: 'claude-code', cwd: root })).toThrow(/is not valid JSON/);
    expect(readFileSync(join(root, '.claude', 'settings.json'), 'utf8')).toBe('{ "hooks": ');
  });
});

describe('baton hooks install cursor', () => {
  it('adds a stop hook with a loop limit to .cursor/hooks.json', () => {
    const root = folder();
    mkdirSync(join(root, '.cursor'));
    writeFileSync(
      join(root, '.cursor', 'hooks.json'),
      JSON.stringify({ version: 1, hooks: { afterFileEdit: [{ command: './format.sh' }] } }),
    );
    installHook({ target: 'cursor', cwd: root, baton: 'npx baton' });
    installHook({ target: 'cursor', cwd: root, baton: 'npx baton' });
    expect(JSON.parse(readFileSync(join(root, '.cursor', 'hooks.json'), 'utf8'))).toEqual({
      version: 1,
      hooks: {
        afterFileEdit: [{ command: './format.sh' }],
        stop: [{ command: 'npx baton hooks run cursor', loop_limit: 5 }],
      },
    });
  });
});

describe('baton hooks install pre-commit', () => {
  it('needs a git repository, and says so', () => {
    expect(() => installHook({ target: 'pre-commit', cwd: folder() })).toThrow(
      /is not inside a git repository/,
    );
  });

  it("will not replace the user's own hook without --force", () => {
    project = createAgentRepository();
    const hook = join(project.root, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\nnpm run lint\n');
    expect(() => installHook({ target: 'pre-commit', cwd: project?.root ?? '' })).toThrow(/not Baton's/);
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nnpm run lint\n');
  });

  it('stops a commit with a blocking finding and lets a clean one through', () => {
    project = createAgentRepository();
    project.write('baton.config.json', JSON.stringify({ verify: { checks: ['api'] } }));
    const installed = installHook({
      target: 'pre-commit',
      cwd: project.root,
      baton: `"${process.execPath}" "${batonBin}"`,
    });
    expect(statSync(installed.file).mode & 0o111).not.toBe(0);
    const commit = () =>
      spawnSync(
        'git',
        ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', 'commit', '-qam', 'work'],
        {
          cwd: project?.root,
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', HOME: project?.root ?? '' },
        },
      );
    execFileSync('git', ['add', 'src/added.ts'], { cwd: project.root });
    const refused = commit();
    expect(refused.status).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toContain('api/missing-member');
    project.write('src/added.ts', "import { z } from 'zod';\nexport const s = z.string();\n");
    execFileSync('git', ['add', 'src/added.ts'], { cwd: project.root });
    expect(commit().status).toBe(0);
    expect(existsSync(join(project.root, '.git', 'hooks', 'pre-commit'))).toBe(true);
  }, 120_000);
});

describe('the installed hook, run as the agent runs it', () => {
  it("reads the event on stdin and blocks the stop in Claude Code's protocol", () => {
    project = createAgentRepository();
    project.write('baton.config.json', JSON.stringify({ verify: { checks: ['api'] } }));
    const stdin = JSON.stringify({
      session_id: 's',
      cwd: project.root,
      hook_event_name: 'Stop',
      stop_hook_active: false,
    });
    const run = spawnSync(process.execPath, [batonBin, 'hooks', 'run', 'claude-code'], {
      cwd: project.root,
      input: stdin,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: project.root, BATON_PERSON: 'ada' },
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      decision: 'block',
      reason: expect.stringContaining('api/missing-member'),
    });
  }, 120_000);
});
