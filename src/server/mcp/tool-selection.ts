import { BatonError, closestMatch } from '../../core/index.js';

/** Every tool `baton mcp` can offer, in the order `tools/list` shows them. */
export const mcpToolNames = [
  'verify',
  'verify_component',
  'plan_check',
  'plan_triage',
  'prompt_render',
  'prompt_lint',
  'run_status',
  'findings_explain',
  'log_activity',
  'review_decide',
] as const;
export type McpToolName = (typeof mcpToolNames)[number];

/** Offered when `--tools` is not given: each tool's description costs an agent context on every turn. */
export const defaultMcpTools: readonly McpToolName[] = [
  'verify',
  'verify_component',
  'plan_check',
  'findings_explain',
];

/** Tools that change decisions in the ledger: offered only with `--allow-writes`. */
export const writingMcpTools: readonly McpToolName[] = ['review_decide'];

/**
 * The tools to offer, from `--tools` (`all`, or a comma-separated list) and `--allow-writes`.
 * Naming a writing tool without `--allow-writes` is an error rather than a silent omission.
 */
export function selectMcpTools(
  requested: readonly string[] | undefined,
  allowWrites: boolean,
): McpToolName[] {
  const names = requested?.map((name) => name.trim()).filter(Boolean) ?? [];
  if (names.length === 0) return [...defaultMcpTools];
  if (names.length === 1 && names[0] === 'all') {
    return mcpToolNames.filter((name) => allowWrites || !writingMcpTools.includes(name));
  }
  const selected: McpToolName[] = [];
  for (const name of names) {
    if (!(mcpToolNames as readonly string[]).includes(name)) {
      const intended = closestMatch(name, mcpToolNames);
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `Unknown MCP tool "${name}".${intended ? ` Did you mean "${intended}"?` : ''}`,
        hint: `Use --tools all, or a comma-separated list of: ${mcpToolNames.join(', ')}.`,
      });
    }
    const tool = name as McpToolName;
    if (writingMcpTools.includes(tool) && !allowWrites) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `The ${tool} tool writes review decisions to the ledger, and the server was not started with --allow-writes.`,
        hint: 'Add --allow-writes to offer it, or leave it out of --tools.',
      });
    }
    if (!selected.includes(tool)) selected.push(tool);
  }
  return mcpToolNames.filter((name) => selected.includes(name));
}
