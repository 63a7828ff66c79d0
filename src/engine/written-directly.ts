import type { BatonEvent } from '../core/events.js';
import { createId } from '../core/ids.js';
import type { PlanComponent } from '../plan/plan.js';
import { dependencyBases } from './dependency-bases.js';
import { announce, componentRow, type RunContext } from './run-context.js';
import { loadAttempts, recordStep, updateComponent } from './run-ledger.js';
import type { ComponentOutcome } from './schedule-components.js';

/** A component triage said to write by hand: its worktree is made ready and it waits for a person. */
export async function prepareForPerson(
  context: RunContext,
  component: PlanComponent,
): Promise<ComponentOutcome> {
  const row = componentRow(context, component);
  const workspace = await context.workspaces.open({
    runId: context.runId,
    componentId: component.id,
    attempt: 1,
    bases: await dependencyBases(context, component),
    reuseExisting: true,
  });
  const at = context.now();
  const attempts = await loadAttempts(context.ledger, context.runId, row.id);
  const attempt = attempts[0];
  const reason = `Triage says write it directly: write it in ${workspace.path} (branch ${workspace.branch}), then run \`baton run --mark-done ${component.id} --run ${context.runId}\`.`;
  const events: BatonEvent[] = [
    {
      type: 'component-end',
      at,
      runId: context.runId,
      componentId: component.id,
      status: 'waiting-for-person',
      reason,
    },
  ];
  await recordStep(context.ledger, events, async (writer) => {
    // The person's attempt: `running` while they write, judged by `baton run --mark-done`.
    if (!attempt)
      await writer.insert('attempts', [
        {
          id: createId('att'),
          runId: context.runId,
          componentId: row.id,
          number: 1,
          status: 'running',
          worktree: workspace.path,
          branch: workspace.branch,
          baseCommit: workspace.baseCommit,
          conversation: null,
          startedAt: at,
          endedAt: null,
        },
      ]);
    await updateComponent(writer, row.id, { status: 'waiting-for-person', statusReason: reason }, at);
  });
  await announce(context, events);
  return 'waiting-for-person';
}
