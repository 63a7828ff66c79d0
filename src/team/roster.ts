import { BatonError } from '../core/errors.js';
import {
  defaultCapacityHours,
  identitiesOf,
  type TeamPerson,
  type TeamRole,
  type TrainingPhase,
  teamRoles,
  trainingPhases,
} from '../core/index.js';
import type { LedgerTeamPerson } from '../ledger/index.js';

/** A person on the team, and where they are listed. */
export interface TeamMember extends TeamPerson {
  /** `config` for baton.config's `team`, `ledger` for `baton team add` on a shared ledger. */
  source: 'config' | 'ledger';
}

/** The team with a way to tell who a ledger name, reviewer or commit author is. */
export interface TeamRoster {
  people: TeamMember[];
  /** The person a name, email or git identity belongs to; undefined for someone not on the team. */
  resolve(identity: string | null | undefined): TeamMember | undefined;
}

function fromLedger(person: LedgerTeamPerson): TeamMember {
  return {
    name: person.name,
    email: person.email ?? undefined,
    git: person.git,
    role: (teamRoles as readonly string[]).includes(person.role) ? (person.role as TeamRole) : 'junior',
    capacityHours: person.capacityHours ?? defaultCapacityHours,
    trainingPhase: (trainingPhases as readonly string[]).includes(person.trainingPhase ?? '')
      ? (person.trainingPhase as TrainingPhase)
      : undefined,
    source: 'ledger',
  };
}

/**
 * The team: the config's people, with the ledger's (kept by `baton team add|set|remove` for a team on a
 * shared ledger) taking precedence by name. An identity that would map to two people is refused.
 */
export function buildRoster(
  configPeople: readonly TeamPerson[],
  ledgerPeople: readonly LedgerTeamPerson[] = [],
): TeamRoster {
  const byName = new Map<string, TeamMember>();
  for (const person of configPeople) byName.set(person.name.toLowerCase(), { ...person, source: 'config' });
  for (const person of ledgerPeople) byName.set(person.name.toLowerCase(), fromLedger(person));
  const people = [...byName.values()].sort((left, right) => left.name.localeCompare(right.name));
  const owners = new Map<string, TeamMember>();
  for (const person of people) {
    for (const identity of identitiesOf(person)) {
      const other = owners.get(identity);
      if (other && other !== person) {
        throw new BatonError({
          code: 'TEAM_PERSON_INVALID',
          message: `"${identity}" identifies both ${other.name} (${other.source}) and ${person.name} (${person.source}); an identity maps to one person only.`,
          hint: `Remove it from one of them: \`baton team set "${person.source === 'ledger' ? person.name : other.name}" --git …\` for the ledger, or the \`team\` list in baton.config.`,
        });
      }
      owners.set(identity, person);
    }
  }
  return {
    people,
    resolve: (identity) => (identity ? owners.get(identity.trim().toLowerCase()) : undefined),
  };
}
