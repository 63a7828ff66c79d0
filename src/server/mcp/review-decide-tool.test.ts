import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/index.js';
import { type SeededReviewRun, seedReviewRun } from '../../engine/review/__fixtures__/review-run.js';
import { createMcpContext } from './mcp-context.js';
import { type RunningMcpHttp, startMcpHttp } from './start-mcp-http.js';
import { selectMcpTools } from './tool-selection.js';

let seeded: SeededReviewRun | undefined;
let running: RunningMcpHttp | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  await running?.close();
  seeded?.repository.remove();
  client = undefined;
  running = undefined;
  seeded = undefined;
});

function text(result: { content?: unknown }): string {
  return ((result.content ?? []) as { text?: string }[]).map((block) => block.text ?? '').join('\n');
}

describe('review_decide', () => {
  it('accepts and rejects finished components in the ledger, and leaves mandatory accepts to a person', async () => {
    seeded = await seedReviewRun();
    const config = await loadConfig({ cwd: seeded.repository.root, env: { BATON_PERSON: 'ada' } });
    const context = createMcpContext({
      config,
      cwd: seeded.repository.root,
      allowWrites: true,
      version: '0.0.0',
    });
    running = await startMcpHttp({
      context,
      tools: selectMcpTools(['review_decide', 'run_status'], true),
      port: 0,
    });
    client = new Client({ name: 'test-agent', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(running.url)));

    const rejected = await client.callTool({
      name: 'review_decide',
      arguments: { component: 'form', decision: 'reject', reason: 'the form must validate the email' },
    });
    expect(rejected.structuredContent).toEqual({
      run: seeded.runId,
      component: 'form',
      decision: 'reject',
      reviewer: 'ada',
    });
    const accepted = await client.callTool({
      name: 'review_decide',
      arguments: { component: 'api', decision: 'accept' },
    });
    expect(accepted.isError).toBeFalsy();
    const mandatory = await client.callTool({
      name: 'review_decide',
      arguments: { component: 'schema', decision: 'accept' },
    });
    expect(mandatory.isError).toBe(true);
    expect(text(mandatory)).toContain('its review is mandatory');

    const status = await client.callTool({ name: 'run_status', arguments: {} });
    const components = (
      status.structuredContent as {
        components: { component: string; last_review?: { decision: string; reason?: string } }[];
      }
    ).components;
    expect(components.find((entry) => entry.component === 'form')?.last_review).toEqual({
      decision: 'reject',
      reviewer: 'ada',
      reason: 'the form must validate the email',
    });
    expect(components.find((entry) => entry.component === 'api')?.last_review?.decision).toBe('accept');
    expect(components.find((entry) => entry.component === 'schema')?.last_review).toBeUndefined();
  }, 120_000);
});
