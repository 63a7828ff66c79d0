import type { Check, CheckContext } from '../check.js';
import type { Finding } from '../finding.js';
import { isVerifiableFile } from '../project.js';
import { checkEdgeCaseTracing } from './edge-case-tracing.js';
import { fuzzExportedFunctions } from './run-fuzzing.js';

/**
 * The edge-cases check: when verify runs for a plan component, every edge case the plan lists must
 * be traced to a test that exists and passes; and the exported functions of the target files are
 * fuzzed in the sandbox with empty, null, huge and non-ASCII inputs of their parameter types.
 */
export function createEdgeCasesCheck(): Check {
  return {
    id: 'edge-cases',
    description:
      "trace a plan component's edge cases to passing tests, and fuzz exported functions with empty, null, huge and unicode input",
    scope: 'project',
    appliesTo: isVerifiableFile,
    async run(context: CheckContext): Promise<Finding[]> {
      const component = context.settings.component;
      const [tracing, fuzzing] = await Promise.all([
        component ? checkEdgeCaseTracing(context, component) : Promise.resolve([]),
        fuzzExportedFunctions(context),
      ]);
      return [...tracing, ...fuzzing];
    },
  };
}
