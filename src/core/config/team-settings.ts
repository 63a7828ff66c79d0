import { z } from 'zod';

/** The article's three roles, most senior first. */
export const teamRoles = ['senior', 'mid', 'junior'] as const;
export type TeamRole = (typeof teamRoles)[number];

/** The article's four training phases for developers learning to orchestrate, in order. */
export const trainingPhases = [
  'tool-familiarization',
  'prompting-practice',
  'verification-rigor',
  'workflow-integration',
] as const;
export type TrainingPhase = (typeof trainingPhases)[number];

const personSchema = z.strictObject({
  /** How the person is named in the ledger (`person`, reviewer, merged by) and in plans (`owner`). */
  name: z.string().trim().min(1),
  /** Their email, matched against commit authors. */
  email: z.string().trim().email().optional(),
  /**
   * Other names or emails they commit or record work under (git `user.name`, a work email).
   * @default none
   */
  git: z.union([z.string().trim().min(1), z.array(z.string().trim().min(1))]).optional(),
  role: z.enum(teamRoles),
  /**
   * Hours a week they can give to components; `team assign` loads people up to it.
   * @default 40
   */
  capacityHours: z.number().positive().max(168).optional(),
  /** Where they are in the article's training, for people learning to orchestrate. */
  trainingPhase: z.enum(trainingPhases).optional(),
});

const reviewRulesSchema = z.strictObject({
  /**
   * The reviewer of a component is not its owner.
   * @default true
   */
  reviewerIsNotOwner: z.boolean().optional(),
  /**
   * A junior's component is reviewed by a mid or a senior.
   * @default true
   */
  juniorWorkReviewedByMidOrSenior: z.boolean().optional(),
  /**
   * `orchestrate+verify` components flagged security-sensitive or legacy are reviewed by a senior.
   * @default true
   */
  riskyWorkReviewedBySenior: z.boolean().optional(),
});

/** Lower-cased identity strings a person is known by: name, email and `git` entries. */
export function identitiesOf(person: {
  name: string;
  email?: string | undefined;
  git?: string | string[] | undefined;
}): string[] {
  const git = person.git === undefined ? [] : Array.isArray(person.git) ? person.git : [person.git];
  return [
    ...new Set(
      [person.name, person.email, ...git]
        .filter((value): value is string => !!value)
        .map((value) => value.trim().toLowerCase()),
    ),
  ];
}

export const teamSettingsSchema = z
  .strictObject({
    /** The people on the team. */
    people: z.array(personSchema),
    /** Who may review whose work; every rule is on unless turned off. */
    reviewRules: reviewRulesSchema.optional(),
  })
  .superRefine((team, context) => {
    const owners = new Map<string, number>();
    team.people.forEach((person, index) => {
      const git = person.git === undefined ? [] : Array.isArray(person.git) ? person.git : [person.git];
      const fields: [string | undefined, (string | number)[]][] = [
        [person.name, ['people', index, 'name']],
        [person.email, ['people', index, 'email']],
        ...git.map((value, gitIndex): [string, (string | number)[]] => [
          value,
          Array.isArray(person.git) ? ['people', index, 'git', gitIndex] : ['people', index, 'git'],
        ]),
      ];
      const own = new Set<string>();
      for (const [value, path] of fields) {
        if (!value) continue;
        const key = value.trim().toLowerCase();
        if (own.has(key)) continue;
        own.add(key);
        const other = owners.get(key);
        if (other !== undefined) {
          context.addIssue({
            code: 'custom',
            path,
            message: `"${value}" already identifies ${team.people[other]?.name}; a name, email or git identity maps to one person only`,
          });
        } else owners.set(key, index);
      }
    });
  });

export type TeamSettingsInput = z.infer<typeof teamSettingsSchema>;
export type TeamPersonInput = TeamSettingsInput['people'][number];

export interface ReviewRules {
  reviewerIsNotOwner: boolean;
  juniorWorkReviewedByMidOrSenior: boolean;
  riskyWorkReviewedBySenior: boolean;
}

/** A person with defaults filled in. */
export interface TeamPerson {
  name: string;
  email: string | undefined;
  git: string[];
  role: TeamRole;
  capacityHours: number;
  trainingPhase: TrainingPhase | undefined;
}

/** `team` settings with defaults filled in. */
export interface TeamSettings {
  people: TeamPerson[];
  reviewRules: ReviewRules;
}

export const defaultCapacityHours = 40;

export function resolveTeamPerson(person: TeamPersonInput): TeamPerson {
  return {
    name: person.name,
    email: person.email,
    git: person.git === undefined ? [] : Array.isArray(person.git) ? person.git : [person.git],
    role: person.role,
    capacityHours: person.capacityHours ?? defaultCapacityHours,
    trainingPhase: person.trainingPhase,
  };
}

export function resolveTeamSettings(config: { team?: TeamSettingsInput | undefined }): TeamSettings {
  const rules = config.team?.reviewRules;
  return {
    people: (config.team?.people ?? []).map(resolveTeamPerson),
    reviewRules: {
      reviewerIsNotOwner: rules?.reviewerIsNotOwner ?? true,
      juniorWorkReviewedByMidOrSenior: rules?.juniorWorkReviewedByMidOrSenior ?? true,
      riskyWorkReviewedBySenior: rules?.riskyWorkReviewedBySenior ?? true,
    },
  };
}
