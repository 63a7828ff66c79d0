import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentRepository, type FixtureProject } from '../mcp/__fixtures__/mcp-fixture.js';
import { runAgentHook } from './run-agent-hook.js';

let project: FixtureProject | undefined;
const folders: string[] = [];
afterEach(() => {
  project?.remove();
  project = undefined;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const env = { BATON_PERSON: 'ada' };

/** The agent's repository, its gate kept to the compiler's checks: the hooks' protocol is under test. */
function repository(): FixtureProject {
  const created = createAgentRepository();
  created.write('baton.config.json', JSON.stringify({ verify: { checks: ['types', 'api'] } }));
  return created;
}

/** A Stop event as Claude Code documents it: common fields, then `stop_hook_active`. */
function claudeStop(cwd: string) {
  return JSON.stringify({
    session_id: 'abc123',
    transcript_path: '/tmp/transcript.jsonl',
    cwd,
    permission_mode: 'default',
    hook_event_name: 'Stop',
    stop_hook_active: false,
  });
}

describe('baton hooks run claude-code', () => {
  it('blocks the stop with the findings in the reason, as Claude Code reads `decision: "block"`', async () => {
    project = repository();
    const answer = await runAgentHook({
      agent: 'claude-code',
      stdin: claudeStop(project.root),
      cwd: '/',
      env,
    });
    expect(answer.exitCode).toBe(0);
    const output = JSON.parse(answer.stdout) as { decision: string; reason: string };
    expect(output.decision).toBe('block');
    expect(output.reason).toMatch(/^FAILED: 1 blocking finding/);
    expect(output.reason).toContain('src/added.ts:3:20 BLOCKING api/missing-member');
  }, 60_000);

  it('lets the agent stop once the changes verify clean', async () => {
    project = repository();
    project.write('src/added.ts', "import { z } from 'zod';\n\nexport const s = z.string();\n");
    const answer = await runAgentHook({
      agent: 'claude-code',
      stdin: claudeStop(project.root),
      cwd: '/',
      env,
    });
    expect(answer).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  }, 60_000);

  it('checks a file right after the agent edits it (PostToolUse)', async () => {
    project = repository();
    const stdin = JSON.stringify({
      session_id: 'abc123',
      cwd: project.root,
      hook_event_name: 'PostToolUse',
      tool_name: 'Write',
      tool_input: { file_path: join(project.root, 'src/added.ts'), content: '…' },
      tool_response: { success: true },
    });
    const answer = await runAgentHook({ agent: 'claude-code', stdin, cwd: '/', env });
    expect(JSON.parse(answer.stdout)).toMatchObject({ decision: 'block' });
    const readme = await runAgentHook({
      agent: 'claude-code',
      stdin: JSON.stringify({
        cwd: project.root,
        hook_event_name: 'PostToolUse',
        tool_input: { file_path: 'README.md' },
      }),
      cwd: '/',
      env,
    });
    expect(readme.stdout).toBe('');
  }, 60_000);

  it('explains itself outside a git repository and does not hold the agent back', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'baton-nogit-'));
    folders.push(folder);
    const answer = await runAgentHook({ agent: 'claude-code', stdin: claudeStop(folder), cwd: '/', env });
    const output = JSON.parse(answer.stdout) as Record<string, string>;
    expect(output.decision).toBeUndefined();
    expect(output.systemMessage).toContain('is not inside a git repository');
    const edit = JSON.stringify({
      cwd: folder,
      hook_event_name: 'PostToolUse',
      tool_input: { file_path: 'notes.md' },
    });
    expect(await runAgentHook({ agent: 'claude-code', stdin: edit, cwd: '/', env })).toEqual({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
  });

  it('says what it expected when the input is not a hook event', async () => {
    const answer = await runAgentHook({ agent: 'claude-code', stdin: 'hello', cwd: '/', env });
    expect(answer.exitCode).toBe(1);
    expect(answer.stderr).toContain("reads the hook's JSON on standard input");
  });
});

describe('baton hooks run cursor', () => {
  it('asks for a follow-up with the findings when the loop completed', async () => {
    project = repository();
    const stdin = JSON.stringify({
      conversation_id: 'conv-1',
      generation_id: 'gen-1',
      hook_event_name: 'stop',
      workspace_roots: [project.root],
      status: 'completed',
      loop_count: 0,
    });
    const answer = await runAgentHook({ agent: 'cursor', stdin, cwd: '/', env });
    const output = JSON.parse(answer.stdout) as { followup_message: string };
    expect(output.followup_message).toContain('api/missing-member');
  }, 60_000);

  it('answers an aborted loop with nothing to do', async () => {
    const stdin = JSON.stringify({
      hook_event_name: 'stop',
      workspace_roots: ['/nowhere'],
      status: 'aborted',
      loop_count: 0,
    });
    expect(await runAgentHook({ agent: 'cursor', stdin, cwd: '/', env })).toEqual({
      stdout: '{}\n',
      stderr: '',
      exitCode: 0,
    });
  });
});
