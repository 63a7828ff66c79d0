/** The server part's public surface: the MCP server (stdio or streamable HTTP) and the agents' hooks. */
export {
  type HookAgent,
  type HookTarget,
  hookAgents,
  hookTargets,
  parseHookAgent,
  parseHookTarget,
} from './agent-hooks/agent-hook-config.js';
export { type HookInstallPlan, installHook, planHookInstall } from './agent-hooks/install-agent-hooks.js';
export { type HookAnswer, runAgentHook } from './agent-hooks/run-agent-hook.js';
export { createMcpContext, type McpContext } from './mcp/mcp-context.js';
export { type RunningMcpStdio, serveMcpHttp, serveMcpStdio } from './mcp/serve-mcp.js';
export type { RunningMcpHttp, StartMcpHttpOptions } from './mcp/start-mcp-http.js';
export { defaultMcpTools, type McpToolName, mcpToolNames, selectMcpTools } from './mcp/tool-selection.js';
