/** The server part's public surface: the MCP server, over stdio or streamable HTTP. */
export { createMcpServer } from './mcp/create-mcp-server.js';
export { createMcpContext, type McpContext } from './mcp/mcp-context.js';
export { type RunningMcpHttp, type StartMcpHttpOptions, startMcpHttp } from './mcp/start-mcp-http.js';
export { defaultMcpTools, type McpToolName, mcpToolNames, selectMcpTools } from './mcp/tool-selection.js';
