import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { McpContext } from './mcp-context.js';

/** "Prompt this component": the component's rendered prompt, with the gate it must pass. */
export function registerPrompts(server: McpServer, context: McpContext): void {
  server.registerPrompt(
    'prompt_component',
    {
      title: 'Prompt this component',
      description:
        "A plan component's prompt (five elements and repository context, cut to the token budget), ending with the verification it must pass before it is done.",
      argsSchema: z.object({
        plan: z.string().min(1).describe('the plan file, relative to the project'),
        component: z.string().min(1).describe("the component's id in the plan"),
      }),
    },
    async ({ plan: file, component }) => {
      const [{ loadValidPlan }, { renderComponentPrompt }] = await Promise.all([
        import('../../plan/index.js'),
        import('../../prompt/index.js'),
      ]);
      const { plan, files } = await loadValidPlan({
        file,
        cwd: context.cwd,
        plan: context.config.plan,
        triage: context.config.triage,
      });
      const prompt = renderComponentPrompt(plan, files, component, context.config.prompt.tokenBudget);
      const gate = `\n\nBefore you say this component is done, call the \`verify_component\` tool with plan "${file}" and component "${component}" (or \`verify\` with changed_since "HEAD") and fix every blocking finding it reports.`;
      return {
        description: `Prompt for ${prompt.componentId} (${prompt.tokens} of ${prompt.budget} tokens)`,
        messages: [{ role: 'user', content: { type: 'text', text: `${prompt.text}${gate}` } }],
      };
    },
  );
}
