import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batonBin, createAgentRepository, type FixtureProject } from './__fixtures__/mcp-fixture.js';

// Drives `baton mcp` as an agent does: the built CLI spawned over stdio, the SDK's own client.
let project: FixtureProject;
let client: Client;

async function connect(args: string[]): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [batonBin, 'mcp', ...args],
    cwd: project.root,
    env: { PATH: process.env.PATH ?? '', HOME: project.root, BATON_PERSON: 'ada' },
    stderr: 'pipe',
  });
  const connected = new Client({ name: 'test-agent', version: '1.0.0' });
  await connected.connect(transport);
  return connected;
}

function text(result: { content?: unknown }): string {
  const content = (result.content ?? []) as { type: string; text?: string }[];
  return content.map((block) => block.text ?? '').join('\n');
}

beforeAll(async () => {
  project = createAgentRepository();
  client = await connect(['--tools', 'all']);
}, 60_000);

afterAll(async () => {
  await client?.close();
  project?.remove();
});

describe('baton mcp over stdio', () => {
  it('lists a small default tool set, and every tool but review_decide with --tools all', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      'verify',
      'verify_component',
      'plan_check',
      'plan_triage',
      'prompt_render',
      'prompt_lint',
      'run_status',
      'findings_explain',
      'log_activity',
    ]);
    const verify = tools.find((tool) => tool.name === 'verify');
    expect(verify?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(verify?.outputSchema).toMatchObject({ type: 'object' });
    expect(Object.keys((verify?.inputSchema as { properties?: object })?.properties ?? {})).toEqual(
      expect.arrayContaining(['paths', 'changed_since', 'checks']),
    );
    const small = await connect([]);
    try {
      expect((await small.listTools()).tools.map((tool) => tool.name)).toEqual([
        'verify',
        'verify_component',
        'plan_check',
        'findings_explain',
      ]);
    } finally {
      await small.close();
    }
  }, 60_000);

  it('verifies the files changed since HEAD and returns the hallucinated member at its line', async () => {
    const progress: number[] = [];
    const result = await client.callTool(
      { name: 'verify', arguments: { changed_since: 'HEAD', checks: ['types', 'api'] } },
      { onprogress: (update) => void progress.push(update.progress), timeout: 120_000 },
    );
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as {
      passed: boolean;
      files_verified: number;
      findings: Record<string, unknown>[];
    };
    expect(structured.passed).toBe(false);
    expect(structured.files_verified).toBe(1);
    expect(structured.findings).toEqual([
      expect.objectContaining({
        rule: 'api/missing-member',
        severity: 'error',
        file: 'src/added.ts',
        line: 3,
        column: 20,
        suggestion: 'string',
        checked_against: expect.stringMatching(/^zod@\d/),
      }),
    ]);
    expect(text(result)).toContain('src/added.ts:3:20 error api/missing-member');
    expect(progress).toEqual([1, 2]);
  }, 120_000);

  it('answers bad arguments with a tool error and keeps serving', async () => {
    const wrongType = await client.callTool({ name: 'verify', arguments: { paths: 'src' } });
    expect(wrongType.isError).toBe(true);
    expect(text(wrongType)).toMatch(/paths/);
    const unknownCheck = await client.callTool({ name: 'verify', arguments: { checks: ['tpyes'] } });
    expect(unknownCheck.isError).toBe(true);
    expect(text(unknownCheck)).toContain(
      'VERIFY_UNKNOWN_CHECK: Unknown check "tpyes". Did you mean "types"?',
    );
    expect(text(unknownCheck)).toContain('hint: Choose from:');
    const badRevision = await client.callTool({
      name: 'verify',
      arguments: { changed_since: 'no-such-branch' },
    });
    expect(text(badRevision)).toContain('VERIFY_GIT_REVISION_INVALID');
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
  }, 60_000);

  it('reports a bad plan with each issue at its line and a fix', async () => {
    const result = await client.callTool({ name: 'plan_check', arguments: { plan: 'plans/bad.yaml' } });
    const structured = result.structuredContent as {
      valid: boolean;
      issues: { code: string; line: number; hint: string }[];
    };
    expect(structured.valid).toBe(false);
    expect(structured.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'PLAN_SCHEMA',
          line: 5,
          hint: 'Use one of: schema, api, ui, integration, test, other.',
        }),
      ]),
    );
    expect(text(result)).toMatch(/^INVALID/);
    const missing = await client.callTool({ name: 'plan_check', arguments: { plan: 'plans/none.yaml' } });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain('PLAN_NOT_FOUND');
  }, 60_000);

  it('explains a rule with a fix, and suggests the rule meant', async () => {
    const result = await client.callTool({
      name: 'findings_explain',
      arguments: { rule: 'api/missing-member' },
    });
    expect(result.structuredContent).toMatchObject({ rule: 'api/missing-member', check: 'api' });
    expect((result.structuredContent as { fix: string }).fix).toMatch(/installed version/);
    const wrong = await client.callTool({
      name: 'findings_explain',
      arguments: { rule: 'api/missing-membr' },
    });
    expect(text(wrong)).toContain('Did you mean "api/missing-member"?');
  }, 60_000);

  it('refuses review_decide unless started with --allow-writes', async () => {
    await expect(
      client.callTool({ name: 'review_decide', arguments: { component: 'api', decision: 'accept' } }),
    ).rejects.toThrow(/review_decide not found/);
    const writer = await connect(['--tools', 'all', '--allow-writes']);
    try {
      const names = (await writer.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('review_decide');
      const decide = (await writer.listTools()).tools.find((tool) => tool.name === 'review_decide');
      expect(decide?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
      const noRuns = await writer.callTool({
        name: 'review_decide',
        arguments: { component: 'api', decision: 'accept' },
      });
      expect(text(noRuns)).toContain('REVIEW_RUN_NOT_FOUND');
      const noReason = await writer.callTool({
        name: 'review_decide',
        arguments: { component: 'api', decision: 'reject' },
      });
      expect(noReason.isError).toBe(true);
      expect(text(noReason)).toContain('a rejection needs a reason');
    } finally {
      await writer.close();
    }
  }, 60_000);

  it('offers the latest findings as a resource and the component prompt template', async () => {
    const resource = await client.readResource({ uri: 'baton://findings/latest' });
    const first = resource.contents[0] as { text: string };
    expect(JSON.parse(first.text).findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'api/missing-member' })]),
    );
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(['prompt_component']);
  }, 60_000);
});
