import { BatonError } from '../core/errors.js';
import type { PlanComponent } from '../plan/plan.js';
import type { RunContext } from './run-context.js';
import { evidenceCommits } from './run-ledger.js';

/** The commits a component's first attempt starts from: its dependencies' done commits, or the run's base. */
export async function dependencyBases(context: RunContext, component: PlanComponent): Promise<string[]> {
  if (component.dependsOn.length === 0) return [context.baseCommit];
  const unknown = component.dependsOn.filter((dependency) => !context.doneCommits.has(dependency));
  const rowIds = new Map(
    unknown.map((dependency) => [context.componentRows.get(dependency)?.id, dependency]),
  );
  const commits = await evidenceCommits(
    context.ledger,
    [...rowIds.keys()].filter((id): id is string => id !== undefined),
  );
  for (const [rowId, commitSha] of commits) {
    const dependency = rowIds.get(rowId);
    if (dependency) context.doneCommits.set(dependency, commitSha);
  }
  return component.dependsOn.map((dependency) => {
    const commitSha = context.doneCommits.get(dependency);
    if (!commitSha) {
      throw new BatonError({
        code: 'INTERNAL',
        message: `"${component.id}" started before its dependency "${dependency}" had a done commit.`,
      });
    }
    return commitSha;
  });
}
