import type { TeamPerson } from '../core/index.js';
import type { LedgerStore } from '../ledger/index.js';
import {
  listTeamChanges,
  listTeamPeople,
  loadMetricsData,
  type MetricsFilter,
  type TeamChange,
} from '../ledger/index.js';
import { commitAuthors } from './commit-authors.js';
import { type Composition, compareComposition } from './composition.js';
import { computePeopleFigures, type PersonFigures, type UnknownIdentity } from './person-figures.js';
import { buildRoster, type TeamRoster } from './roster.js';

/** What `baton team` shows and the dashboard's team page draws. */
export interface TeamReport {
  generatedAt: string;
  filter: MetricsFilter;
  composition: Composition;
  people: PersonFigures[];
  /** Names in the ledger and commit authors matched to no one: add them, or their git identity. */
  unknownIdentities: UnknownIdentity[];
  /** Every addition, role or training-phase change and removal on the ledger's team, oldest first. */
  changes: TeamChange[];
}

/** The team from the config and the ledger together. */
export async function loadRoster(
  ledger: LedgerStore,
  configPeople: readonly TeamPerson[],
): Promise<TeamRoster> {
  return buildRoster(configPeople, await listTeamPeople(ledger));
}

export interface BuildTeamReportOptions {
  ledger: LedgerStore;
  people: readonly TeamPerson[];
  /** The git repository whose commits map attempts to their authors; none leaves commits out. */
  repository: string | undefined;
  filter?: MetricsFilter;
  now: Date;
  minProfileHours?: number;
}

export async function buildTeamReport(options: BuildTeamReportOptions): Promise<TeamReport> {
  const filter = options.filter ?? {};
  const roster = await loadRoster(options.ledger, options.people);
  const data = await loadMetricsData(options.ledger, filter);
  const commits = data.attempts.flatMap((attempt) => (attempt.commitSha ? [attempt.commitSha] : []));
  const authors = options.repository ? await commitAuthors(options.repository, commits) : new Map();
  const figures = computePeopleFigures(data, roster, authors, {
    ...(options.minProfileHours !== undefined ? { minProfileHours: options.minProfileHours } : {}),
  });
  return {
    generatedAt: options.now.toISOString(),
    filter,
    composition: compareComposition(roster.people.map((person) => person.role)),
    people: figures.people,
    unknownIdentities: figures.unknownIdentities,
    changes: await listTeamChanges(options.ledger),
  };
}
