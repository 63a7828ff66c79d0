import { systemClock } from '../../core/index.js';
import type { AssignPlanResult } from '../../team/index.js';
import { defineCommand } from '../command.js';

function formatAssignments(result: AssignPlanResult, dryRun: boolean): string {
  const lines = result.assignments.map((assignment) => {
    const who = assignment.owner ? `${assignment.owner} (${assignment.role})` : 'no one';
    return `${assignment.componentId} → ${who}${assignment.kept ? ' [kept]' : ''}\n    ${assignment.explanation}`;
  });
  const open = Object.entries(result.openHours)
    .filter(([, hours]) => hours > 0)
    .sort(([left], [right]) => left.localeCompare(right));
  if (open.length > 0) {
    lines.push(
      `Open hours before this plan: ${open.map(([name, hours]) => `${name} ${Number(hours.toFixed(2))} h`).join(', ')}.`,
    );
  }
  if (result.unstaffed.length > 0) {
    lines.push(
      `The team cannot staff ${result.unstaffed.length} ${result.unstaffed.length === 1 ? 'component' : 'components'} under the rules: ${result.unstaffed.join(', ')}. Add a person of the role named above, raise a capacity, or finish open components first.`,
    );
  }
  lines.push(
    dryRun
      ? 'Dry run: the plan and the ledger were not changed.'
      : result.written
        ? `Wrote the owners into ${result.planFile}.`
        : `${result.planFile} already names these owners; nothing to write.`,
  );
  return `${lines.join('\n')}\n`;
}

export const teamAssignCommand = defineCommand({
  name: 'team assign',
  description:
    'give each component of a plan an owner by triage risk, role, open load and capacity, explaining each choice, and write the owners into the plan',
  arguments: [
    { name: 'plan', description: 'the plan file (YAML, or Markdown with front matter)', required: true },
  ],
  options: {
    dryRun: { flags: '--dry-run', type: 'boolean', description: 'only print the owners; change nothing' },
    reassign: {
      flags: '--reassign',
      type: 'boolean',
      description: 'give every component an owner afresh, even those the plan already names',
    },
    json: { flags: '--json', type: 'boolean', description: 'print the assignments as JSON' },
  },
  async run({ args, options, io, loadConfig }) {
    const config = await loadConfig();
    const [{ openLedger }, { assignPlan }] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../../team/index.js'),
    ]);
    const ledger = await openLedger(config.ledger);
    try {
      const result = await assignPlan({
        ledger,
        planFile: String(args[0]),
        cwd: io.cwd,
        root: config.root,
        plan: config.plan,
        triage: config.triage,
        people: config.team.people,
        dryRun: options.dryRun === true,
        reassign: options.reassign === true,
        by: { person: config.person, at: systemClock.now().toISOString() },
      });
      io.stdout.write(
        options.json
          ? `${JSON.stringify(result, null, 2)}\n`
          : formatAssignments(result, options.dryRun === true),
      );
      return result.unstaffed.length > 0 ? 1 : 0;
    } finally {
      await ledger.close();
    }
  },
});
