import { resolve } from 'node:path';
import { z } from 'zod';
import { BatonError, findGitRoot, loadConfig } from '../../core/index.js';
import type { FailOn } from '../../verify/finding.js';
import type { VerifyReport } from '../../verify/index.js';
import { isVerifiableFile } from '../../verify/source-files.js';
import { gateOptions, recordGateReport } from '../project-gate.js';
import type { HookAgent } from './agent-hook-config.js';

/** What the hook process answers: standard output in the agent's protocol, and its exit code. */
export interface HookAnswer {
  stdout: string;
  stderr: string;
  exitCode: number;
}

// Only the fields Baton reads; agents add fields over time, and those pass through untouched.
const claudeCodeInput = z.looseObject({
  hook_event_name: z.string(),
  cwd: z.string().optional(),
  stop_hook_active: z.boolean().optional(),
  tool_input: z.looseObject({ file_path: z.string().optional() }).optional(),
});
const cursorInput = z.looseObject({
  hook_event_name: z.string().optional(),
  workspace_roots: z.array(z.string()).optional(),
  status: z.string().optional(),
  loop_count: z.number().optional(),
});

/** What one hook call asks Baton to do. */
type HookRequest =
  | { kind: 'allow' }
  | { kind: 'verify-changes'; directory: string }
  | { kind: 'verify-file'; directory: string; file: string };

const fastChecks = ['types', 'api'];

function parseInput(
  agent: HookAgent,
  stdin: string,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): HookRequest {
  let value: unknown;
  try {
    value = JSON.parse(stdin);
  } catch {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `\`baton hooks run ${agent}\` reads the hook's JSON on standard input, and got ${stdin.trim() ? 'text that is not JSON' : 'nothing'}.`,
      hint: `${agent === 'claude-code' ? 'Claude Code' : 'Cursor'} runs it; install it with \`baton hooks install ${agent}\`, or try it with \`echo '{"hook_event_name":"Stop"}' | baton hooks run ${agent}\`.`,
    });
  }
  if (agent === 'claude-code') {
    const parsed = claudeCodeInput.safeParse(value);
    if (!parsed.success) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: 'The hook input has no "hook_event_name": it is not a Claude Code hook event.',
        hint: 'Claude Code sends it on standard input to the command in .claude/settings.json.',
      });
    }
    const input = parsed.data;
    const directory = resolve(input.cwd ?? env.CLAUDE_PROJECT_DIR ?? cwd);
    if (input.hook_event_name === 'Stop' || input.hook_event_name === 'SubagentStop')
      return { kind: 'verify-changes', directory };
    const file = input.tool_input?.file_path;
    if (input.hook_event_name === 'PostToolUse' && file)
      return { kind: 'verify-file', directory, file: resolve(directory, file) };
    return { kind: 'allow' };
  }
  const parsed = cursorInput.safeParse(value);
  if (!parsed.success) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: 'The hook input is not a Cursor hook event.',
      hint: 'Cursor sends it on standard input to the command in .cursor/hooks.json.',
    });
  }
  const input = parsed.data;
  // An aborted or failed loop is the person's to look at; only a finished one is checked before it ends.
  if (input.hook_event_name !== undefined && input.hook_event_name !== 'stop') return { kind: 'allow' };
  if (input.status !== undefined && input.status !== 'completed') return { kind: 'allow' };
  return { kind: 'verify-changes', directory: resolve(input.workspace_roots?.[0] ?? cwd) };
}

/** Tells the person why the gate did not run, without holding the agent back (that would loop). */
function explain(agent: HookAgent, message: string): HookAnswer {
  const text = `baton: verify before done did not run: ${message}`;
  if (agent === 'claude-code')
    return { stdout: `${JSON.stringify({ systemMessage: text })}\n`, stderr: '', exitCode: 0 };
  return { stdout: '{}\n', stderr: `${text}\n`, exitCode: 0 };
}

function allow(agent: HookAgent): HookAnswer {
  return { stdout: agent === 'cursor' ? '{}\n' : '', stderr: '', exitCode: 0 };
}

/**
 * Answers one hook call of an agent: on "about to stop" it verifies what changed since HEAD, after
 * an edit it checks that file's types and APIs; blocking findings go back to the agent in its own
 * protocol (Claude Code: `decision: "block"` with the reason; Cursor: a follow-up message).
 */
export async function runAgentHook(options: {
  agent: HookAgent;
  stdin: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<HookAnswer> {
  const { agent } = options;
  let request: HookRequest;
  try {
    request = parseInput(agent, options.stdin, options.cwd, options.env);
  } catch (error) {
    const known = BatonError.isInstance(error);
    return {
      stdout: '',
      stderr: `${known ? `${error.message}\nhint: ${error.hint}` : String(error)}\n`,
      exitCode: 1,
    };
  }
  if (request.kind === 'allow') return allow(agent);
  // An edit of a file the gate does not read (Markdown, JSON…) has nothing to check.
  if (request.kind === 'verify-file' && !isVerifiableFile(request.file)) return allow(agent);
  if (request.kind === 'verify-changes' && !findGitRoot(request.directory)) {
    return explain(
      agent,
      `${request.directory} is not inside a git repository, so there is no "changed since HEAD" to verify. Run \`git init\` and commit, or remove the hook.`,
    );
  }
  let report: VerifyReport;
  let failOn: FailOn;
  const gate = await import('../../verify/index.js');
  try {
    const config = await loadConfig({ cwd: request.directory, env: options.env });
    failOn = config.verify.failOn;
    const overrides =
      request.kind === 'verify-file'
        ? { paths: [request.file], checks: config.verify.checks.filter((id) => fastChecks.includes(id)) }
        : { changedSince: 'HEAD' };
    if (request.kind === 'verify-file' && overrides.checks?.length === 0) return allow(agent);
    report = await gate.verify(gateOptions(config, overrides));
    await recordGateReport(config, report);
  } catch (error) {
    if (!BatonError.isInstance(error)) throw error;
    return explain(agent, `${error.message}${error.hint ? ` (${error.hint})` : ''}`);
  }
  const blocking = report.findings.filter((finding) => gate.reachesThreshold(finding.severity, failOn));
  if (blocking.length === 0) return allow(agent);
  const { formatAgentFindings } = await import('../../report/index.js');
  const reason = formatAgentFindings(report.findings, { failOn });
  if (agent === 'cursor')
    return { stdout: `${JSON.stringify({ followup_message: reason })}\n`, stderr: '', exitCode: 0 };
  return { stdout: `${JSON.stringify({ decision: 'block', reason })}\n`, stderr: '', exitCode: 0 };
}
