import { BatonError } from '../../core/errors.js';
import { findGitRoot, parseSince, systemClock, teamRoles, trainingPhases } from '../../core/index.js';
import { defineCommand } from '../command.js';
import { writeOutput } from '../write-output.js';

export const teamCommand = defineCommand({
  name: 'team',
  description:
    "the team against the article's 4:4:2 shape, and per person: components prompted, first-pass acceptance, attempts, review time, catches in review against later defects, and time split",
  options: {
    feature: {
      flags: '--feature <name>',
      type: 'string',
      description: 'only this feature (the plan’s `feature`)',
    },
    since: {
      flags: '--since <when>',
      type: 'string',
      description: 'only since a date (2026-11-01) or a span back from now (7d, 12h)',
    },
    json: { flags: '--json', type: 'boolean', description: 'print as JSON' },
    out: { flags: '-o, --out <file>', type: 'string', description: 'write to this file instead of stdout' },
  },
  async run({ io, options, loadConfig }) {
    const now = systemClock.now();
    const filter = {
      ...(options.feature ? { feature: options.feature } : {}),
      ...(options.since ? { since: parseSince(options.since, now) } : {}),
    };
    const config = await loadConfig();
    const [{ openLedger }, { buildTeamReport }, { renderTeamText }] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../../team/index.js'),
      import('../../report/index.js'),
    ]);
    const ledger = await openLedger(config.ledger);
    try {
      const report = await buildTeamReport({
        ledger,
        people: config.team.people,
        repository: findGitRoot(config.root),
        filter,
        now,
        minProfileHours: config.metrics.minProfileHours,
      });
      const text = options.json ? `${JSON.stringify(report, null, 2)}\n` : renderTeamText(report);
      const where = writeOutput(io, text, options.out);
      if (where !== 'stdout') io.stderr.write(`Wrote the team report to ${where}\n`);
      return 0;
    } finally {
      await ledger.close();
    }
  },
});

const personOptions = {
  email: {
    flags: '--email <email>',
    type: 'string',
    description: 'their email, matched against commit authors',
  },
  git: {
    flags: '--git <identities>',
    type: 'list',
    description: 'other names or emails they commit or record work under, comma-separated',
  },
  capacityHours: {
    flags: '--capacity-hours <hours>',
    type: 'number',
    description: 'hours a week they can give to components (default 40)',
  },
  trainingPhase: {
    flags: '--training-phase <phase>',
    type: 'string',
    description: `where they are in the article's training: ${trainingPhases.join(', ')}`,
    choices: trainingPhases,
  },
} as const;

function checkFields(fields: { email?: string | undefined; capacityHours?: number | undefined }): void {
  if (fields.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(fields.email)) {
    throw new BatonError({
      code: 'TEAM_PERSON_INVALID',
      message: `--email must be an email address, got "${fields.email}".`,
      hint: 'Give the address they commit with, such as --email ada@example.com.',
    });
  }
  if (fields.capacityHours !== undefined && !(fields.capacityHours > 0 && fields.capacityHours <= 168)) {
    throw new BatonError({
      code: 'TEAM_PERSON_INVALID',
      message: `--capacity-hours must be more than 0 and at most 168 hours a week, got ${fields.capacityHours}.`,
      hint: 'Give their weekly hours for components, such as --capacity-hours 30.',
    });
  }
}

function personName(value: string | string[] | undefined): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: 'A person’s name is required.',
      hint: 'Name them as the ledger and plans do, such as `baton team add "Ada" --role senior`.',
    });
  }
  return name;
}

/** Opens the ledger and runs a change to its team; says where the change went. */
async function changeTeam(
  loadConfig: () => Promise<import('../../core/index.js').ResolvedConfig>,
  change: (
    ledger: import('../../ledger/index.js').LedgerStore,
    by: { person: string; at: string },
  ) => Promise<void>,
): Promise<string> {
  const config = await loadConfig();
  const { openLedger } = await import('../../ledger/open-ledger.js');
  const ledger = await openLedger(config.ledger);
  try {
    await change(ledger, { person: config.person, at: systemClock.now().toISOString() });
    return ledger.dialect === 'sqlite'
      ? ' (in this machine’s SQLite ledger; point `ledger` at a shared PostgreSQL ledger for the whole team to see it)'
      : '';
  } finally {
    await ledger.close();
  }
}

export const teamAddCommand = defineCommand({
  name: 'team add',
  description: 'add a person to the team kept in the ledger (for a team sharing a PostgreSQL ledger)',
  arguments: [{ name: 'name', description: 'their name, as the ledger and plans call them', required: true }],
  options: {
    role: {
      flags: '--role <role>',
      type: 'string',
      description: 'senior, mid or junior',
      choices: teamRoles,
    },
    ...personOptions,
  },
  async run({ args, options, io, loadConfig }) {
    const name = personName(args[0]);
    if (!options.role) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `--role is required to add ${name}.`,
        hint: `Give one of ${teamRoles.join(', ')}, such as \`baton team add "${name}" --role mid\`.`,
      });
    }
    checkFields(options);
    const { addTeamPerson, listTeamPeople } = await import('../../team/index.js');
    const role = options.role;
    const where = await changeTeam(loadConfig, async (ledger, by) => {
      const { buildRoster } = await import('../../team/index.js');
      const config = await loadConfig();
      const candidate = {
        name,
        email: options.email ?? null,
        git: options.git ?? [],
        role,
        capacityHours: options.capacityHours ?? null,
        trainingPhase: options.trainingPhase ?? null,
        createdAt: by.at,
        updatedAt: by.at,
      };
      // Refused before anything is written: an identity may not name two people.
      buildRoster(config.team.people, [...(await listTeamPeople(ledger)), candidate]);
      await addTeamPerson(
        ledger,
        name,
        {
          role,
          ...(options.email ? { email: options.email } : {}),
          ...(options.git ? { git: options.git } : {}),
          ...(options.capacityHours !== undefined ? { capacityHours: options.capacityHours } : {}),
          ...(options.trainingPhase ? { trainingPhase: options.trainingPhase } : {}),
        },
        by,
      );
    });
    io.stdout.write(`Added ${name} as ${role}${where}.\n`);
    return 0;
  },
});

export const teamSetCommand = defineCommand({
  name: 'team set',
  description: 'change a person on the ledger’s team; a change of role or training phase is kept as history',
  arguments: [{ name: 'name', description: 'who to change', required: true }],
  options: {
    role: {
      flags: '--role <role>',
      type: 'string',
      description: 'senior, mid or junior',
      choices: teamRoles,
    },
    ...personOptions,
  },
  async run({ args, options, io, loadConfig }) {
    const name = personName(args[0]);
    checkFields(options);
    const fields = {
      ...(options.role ? { role: options.role } : {}),
      ...(options.email ? { email: options.email } : {}),
      ...(options.git ? { git: options.git } : {}),
      ...(options.capacityHours !== undefined ? { capacityHours: options.capacityHours } : {}),
      ...(options.trainingPhase ? { trainingPhase: options.trainingPhase } : {}),
    };
    if (Object.keys(fields).length === 0) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `Nothing to change for ${name}.`,
        hint: 'Give at least one of --role, --email, --git, --capacity-hours, --training-phase.',
      });
    }
    const { listTeamPeople, updateTeamPerson } = await import('../../team/index.js');
    const { buildRoster } = await import('../../team/index.js');
    const config = await loadConfig();
    const where = await changeTeam(loadConfig, async (ledger, by) => {
      const people = await listTeamPeople(ledger);
      // Refused before anything is written: an identity may not name two people.
      buildRoster(
        config.team.people,
        people.map((person) =>
          person.name === name
            ? { ...person, ...fields, email: fields.email ?? person.email, git: fields.git ?? person.git }
            : person,
        ),
      );
      await updateTeamPerson(ledger, name, fields, by);
    });
    io.stdout.write(
      `Changed ${name}: ${Object.entries(fields)
        .map(([key, value]) => `${key} ${String(value)}`)
        .join(', ')}${where}.\n`,
    );
    return 0;
  },
});

export const teamRemoveCommand = defineCommand({
  name: 'team remove',
  description: 'remove a person from the ledger’s team; their history and recorded work stay',
  arguments: [{ name: 'name', description: 'who to remove', required: true }],
  async run({ args, io, loadConfig }) {
    const name = personName(args[0]);
    const { removeTeamPerson } = await import('../../team/index.js');
    const where = await changeTeam(loadConfig, (ledger, by) => removeTeamPerson(ledger, name, by));
    io.stdout.write(`Removed ${name} from the team${where}.\n`);
    return 0;
  },
});
