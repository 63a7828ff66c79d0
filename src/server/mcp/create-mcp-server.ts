import { McpServer } from '@modelcontextprotocol/server';
import { registerFindingsExplainTool } from './findings-explain-tool.js';
import { registerLogActivityTool, registerRunStatusTool } from './ledger-tools.js';
import type { McpContext } from './mcp-context.js';
import { registerPrompts } from './mcp-prompts.js';
import { registerResources } from './mcp-resources.js';
import { registerPlanCheckTool, registerPlanTriageTool } from './plan-tools.js';
import { registerPromptLintTool, registerPromptRenderTool } from './prompt-tools.js';
import { registerReviewDecideTool } from './review-decide-tool.js';
import type { McpToolName } from './tool-selection.js';
import { registerVerifyComponentTool, registerVerifyTool } from './verify-tools.js';

const registrations: Record<McpToolName, (server: McpServer, context: McpContext) => void> = {
  verify: registerVerifyTool,
  verify_component: registerVerifyComponentTool,
  plan_check: registerPlanCheckTool,
  plan_triage: registerPlanTriageTool,
  prompt_render: registerPromptRenderTool,
  prompt_lint: registerPromptLintTool,
  run_status: registerRunStatusTool,
  findings_explain: registerFindingsExplainTool,
  log_activity: registerLogActivityTool,
  review_decide: registerReviewDecideTool,
};

const instructions =
  'Baton verifies code an AI wrote against the project\'s installed declarations, its tests and its security and SQL rules. Call `verify` (with changed_since "HEAD" for your own edits) before you say a task is done, and fix every finding that blocks; `findings_explain` tells you more about a rule.';

/** One MCP server over the project: the selected tools, the resources and the prompt template. */
export function createMcpServer(context: McpContext, tools: readonly McpToolName[]): McpServer {
  const server = new McpServer({ name: 'baton', version: context.version }, { instructions });
  for (const tool of tools) registrations[tool](server, context);
  registerResources(server, context);
  registerPrompts(server, context);
  return server;
}
