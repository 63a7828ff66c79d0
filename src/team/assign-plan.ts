import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { BatonError, describeCause } from '../core/errors.js';
import type { PlanSettings, TeamPerson, TriageSettings } from '../core/index.js';
import type { LedgerStore } from '../ledger/index.js';
import { recordAssignments, standingAssignments } from '../ledger/index.js';
import { loadValidPlan, parsePlanText } from '../plan/index.js';
import { type Assignment, assignOwners } from './assign-owners.js';
import { loadRoster } from './team-report.js';
import { writeOwners } from './write-owners.js';

export interface AssignPlanOptions {
  ledger: LedgerStore;
  planFile: string;
  cwd: string;
  root: string;
  plan: PlanSettings;
  triage: TriageSettings;
  people: readonly TeamPerson[];
  /** Only explain; neither the plan nor the ledger changes. */
  dryRun: boolean;
  reassign: boolean;
  by: { person: string; at: string };
}

export interface AssignPlanResult {
  planFile: string;
  assignments: (Assignment & { title: string })[];
  /** Components the team cannot staff under the rules. */
  unstaffed: string[];
  /** Whether the plan file was changed. */
  written: boolean;
  /** Each person's open hours before this plan, from earlier assignments in the ledger. */
  openHours: Record<string, number>;
}

/**
 * Gives each component of a plan an owner and, unless it is a dry run, writes the owners into the
 * plan and records them in the ledger as each person's load.
 */
export async function assignPlan(options: AssignPlanOptions): Promise<AssignPlanResult> {
  const roster = await loadRoster(options.ledger, options.people);
  if (roster.people.length === 0) {
    throw new BatonError({
      code: 'TEAM_EMPTY',
      message: 'No one is on the team, so there is no one to give components to.',
      hint: "List people under `team: { people: [{ name: 'Ada', role: 'senior' }, …] }` in baton.config.ts, or add them to a shared ledger with `baton team add \"Ada\" --role senior`; give each a role (senior, mid, junior) and, optionally, capacityHours.",
    });
  }
  const { plan, check } = await loadValidPlan({
    file: options.planFile,
    cwd: options.cwd,
    plan: options.plan,
    triage: options.triage,
  });
  const planFile = resolve(options.cwd, plan.file);
  const planPath = relative(options.root, planFile);
  const standing = await standingAssignments(options.ledger);
  const openHours = new Map<string, number>();
  for (const assignment of standing) {
    // This plan's own components are being assigned again; their earlier owners' hours are freed.
    if (!assignment.open || assignment.planPath === planPath) continue;
    const person = roster.resolve(assignment.owner);
    if (person) openHours.set(person.name, (openHours.get(person.name) ?? 0) + assignment.estimateHours);
  }
  const assignments = assignOwners({
    components: plan.components.map((component) => {
      const verdict = check.triage.find((result) => result.componentId === component.id);
      return {
        id: component.id,
        title: component.title,
        verdict: verdict?.verdict ?? 'orchestrate',
        reasons: verdict?.reasons ?? [],
        estimateHours: component.estimateHours,
        declaredRole: component.ownerRole,
        owner: component.owner,
        ownerWhere: component.owner
          ? (({ line, column }) => `${plan.file}:${line}:${column}`)(
              plan.positionOf(['components', component.index, 'owner']),
            )
          : undefined,
      };
    }),
    people: roster.people,
    openHours,
    reassign: options.reassign,
  });
  const titled = assignments.map((assignment) => ({
    ...assignment,
    title: plan.components.find((component) => component.id === assignment.componentId)?.title ?? '',
  }));
  const changed = new Map(
    titled.flatMap((assignment) => {
      const current = plan.components.find((component) => component.id === assignment.componentId)?.owner;
      return assignment.owner && assignment.owner !== current
        ? [[assignment.componentId, assignment.owner] as const]
        : [];
    }),
  );
  let written = false;
  if (!options.dryRun) {
    if (changed.size > 0) {
      const text = readFileSync(planFile, 'utf8');
      const next = writeOwners(text, changed, plan.file);
      const reread = parsePlanText(next, plan.file);
      const owners = reread.success
        ? reread.value.input.components.map((component) => [component.id, component.owner])
        : [];
      if (
        !reread.success ||
        [...changed].some(([id, owner]) => !owners.some(([key, value]) => key === id && value === owner))
      ) {
        throw new BatonError({
          code: 'INTERNAL',
          message: `Writing owners into ${plan.file} would not read back as the same plan; the file was left as it was.`,
          hint: 'Run with --dry-run to see the owners and write them by hand, and report the plan layout that caused this.',
        });
      }
      try {
        writeFileSync(planFile, next);
      } catch (cause) {
        throw new BatonError({
          code: 'FILE_WRITE_FAILED',
          message: `Could not write the owners into ${plan.file}: ${describeCause(cause)}`,
          hint: 'Check that the plan file is writable, or run with --dry-run to only print the owners.',
          cause,
        });
      }
      written = true;
    }
    await recordAssignments(
      options.ledger,
      titled.flatMap((assignment) =>
        assignment.owner
          ? [
              {
                planPath,
                componentKey: assignment.componentId,
                owner: assignment.owner,
                estimateHours: assignment.estimateHours,
                reason: assignment.explanation,
                assignedBy: options.by.person,
                assignedAt: options.by.at,
              },
            ]
          : [],
      ),
    );
  }
  return {
    planFile: plan.file,
    assignments: titled,
    unstaffed: titled.filter((assignment) => !assignment.owner).map((assignment) => assignment.componentId),
    written,
    openHours: Object.fromEntries(openHours),
  };
}
