import type { TeamRole, TrainingPhase } from '../core/index.js';
import type { MetricsData } from '../ledger/index.js';
import { type Allocation, computeTimeAllocation, isHumanInterval, isPolicyReview } from '../metrics/index.js';
import type { CommitAuthor } from './commit-authors.js';
import type { TeamMember, TeamRoster } from './roster.js';

/** One person's work, from the ledger. */
export interface PersonFigures {
  name: string;
  role: TeamRole;
  trainingPhase: TrainingPhase | undefined;
  capacityHours: number;
  source: TeamMember['source'];
  /** Components they prompted: an attempt's commit is theirs, or they recorded prompting or debugging on it. */
  componentsPrompted: number;
  /** Of those, components whose first attempt passed every check and that no reviewer rejected. */
  firstPassAccepted: number;
  firstPassRate: number | null;
  /** Attempts on the components they prompted. */
  attempts: number;
  attemptsPerComponent: number | null;
  /** Components they decided on in review (a policy's decisions are nobody's). */
  componentsReviewed: number;
  /** Their recorded reviewing time, in hours. */
  reviewHours: number;
  reviewMinutesPerComponent: number | null;
  /** Rejections and edits they made in review: defects they caught before merge. */
  caughtInReview: number;
  /** Components whose standing decision is their accept or edit. */
  componentsAccepted: number;
  /** Defects found later on the components they accepted. */
  defectsFoundLater: number;
  timeAllocation: Allocation;
}

/** Ledger names and commit authors that are on no one's list, with how many rows carry them. */
export interface UnknownIdentity {
  identity: string;
  rows: number;
}

export interface PeopleFigures {
  people: PersonFigures[];
  unknownIdentities: UnknownIdentity[];
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Who prompted each component: the authors of its attempts' commits and who recorded prompting on it. */
function prompters(
  data: MetricsData,
  roster: TeamRoster,
  authors: ReadonlyMap<string, CommitAuthor>,
  unknown: Map<string, number>,
): Map<string, Set<string>> {
  const byComponent = new Map<string, Set<string>>();
  const add = (componentId: string, member: TeamMember) => {
    const names = byComponent.get(componentId) ?? new Set<string>();
    names.add(member.name);
    byComponent.set(componentId, names);
  };
  for (const attempt of data.attempts) {
    const author = attempt.commitSha ? authors.get(attempt.commitSha) : undefined;
    if (!author) continue;
    const member = roster.resolve(author.email) ?? roster.resolve(author.name);
    if (member) add(attempt.componentId, member);
    else
      unknown.set(
        `${author.name} <${author.email}>`,
        (unknown.get(`${author.name} <${author.email}>`) ?? 0) + 1,
      );
  }
  for (const interval of data.intervals) {
    if (!interval.componentId || !isHumanInterval(interval)) continue;
    if (interval.activity !== 'prompting' && interval.activity !== 'debugging') continue;
    const member = roster.resolve(interval.person);
    if (member) add(interval.componentId, member);
  }
  return byComponent;
}

/** Each component's standing review decision: annotations leave the decision as it was. */
function standingDecisions(data: MetricsData): Map<string, MetricsData['reviews'][number]> {
  const standing = new Map<string, MetricsData['reviews'][number]>();
  const ordered = [...data.reviews].sort(
    (left, right) => left.createdAt.localeCompare(right.createdAt) || left.id.localeCompare(right.id),
  );
  for (const review of ordered) if (review.decision !== 'annotate') standing.set(review.componentId, review);
  return standing;
}

/**
 * Every team member's figures from one slice of the ledger. Ledger names, reviewers and commit
 * authors are matched to people through their names, emails and git identities.
 */
export function computePeopleFigures(
  data: MetricsData,
  roster: TeamRoster,
  authors: ReadonlyMap<string, CommitAuthor>,
  settings: { minProfileHours?: number } = {},
): PeopleFigures {
  const unknown = new Map<string, number>();
  const noteUnknown = (identity: string) => unknown.set(identity, (unknown.get(identity) ?? 0) + 1);
  const promptedBy = prompters(data, roster, authors, unknown);
  const attemptsByComponent = new Map<string, MetricsData['attempts']>();
  for (const attempt of data.attempts) {
    attemptsByComponent.set(attempt.componentId, [
      ...(attemptsByComponent.get(attempt.componentId) ?? []),
      attempt,
    ]);
  }
  const rejected = new Set(
    data.reviews.filter((review) => review.decision === 'reject').map((review) => review.componentId),
  );
  const standing = standingDecisions(data);

  const humanIntervals = data.intervals.filter(isHumanInterval);
  const mapped = humanIntervals.flatMap((interval) => {
    const member = roster.resolve(interval.person);
    if (!member) {
      noteUnknown(interval.person);
      return [];
    }
    return [{ ...interval, person: member.name }];
  });
  const allocation = computeTimeAllocation(mapped, settings);
  for (const review of data.reviews)
    if (!isPolicyReview(review) && !roster.resolve(review.reviewer)) noteUnknown(review.reviewer);

  const people = roster.people.map((member): PersonFigures => {
    const prompted = [...promptedBy]
      .filter(([, names]) => names.has(member.name))
      .map(([componentId]) => componentId);
    let firstPassAccepted = 0;
    let attempts = 0;
    for (const componentId of prompted) {
      const componentAttempts = attemptsByComponent.get(componentId) ?? [];
      attempts += new Set(componentAttempts.map((attempt) => attempt.number)).size;
      const first = componentAttempts.find((attempt) => attempt.number === 1);
      if (first?.status === 'passed' && !rejected.has(componentId)) firstPassAccepted += 1;
    }
    const theirs = (reviewer: string) => !isPolicyReview({ reviewer }) && roster.resolve(reviewer) === member;
    const reviews = data.reviews.filter((review) => theirs(review.reviewer));
    const componentsReviewed = new Set(
      reviews.filter((review) => review.decision !== 'annotate').map((review) => review.componentId),
    ).size;
    const reviewHours = mapped
      .filter((interval) => interval.person === member.name && interval.activity === 'reviewing')
      .reduce(
        (sum, interval) =>
          sum + Math.max(0, Date.parse(interval.endedAt) - Date.parse(interval.startedAt)) / 3_600_000,
        0,
      );
    const accepted = new Set(
      [...standing.values()]
        .filter((review) => review.decision !== 'reject' && theirs(review.reviewer))
        .map((review) => review.componentId),
    );
    const own = allocation.people.find((each) => each.who === member.name);
    return {
      name: member.name,
      role: member.role,
      trainingPhase: member.trainingPhase,
      capacityHours: member.capacityHours,
      source: member.source,
      componentsPrompted: prompted.length,
      firstPassAccepted,
      firstPassRate: ratio(firstPassAccepted, prompted.length),
      attempts,
      attemptsPerComponent: ratio(attempts, prompted.length),
      componentsReviewed,
      reviewHours,
      reviewMinutesPerComponent: componentsReviewed > 0 ? (reviewHours * 60) / componentsReviewed : null,
      caughtInReview: reviews.filter((review) => review.decision === 'reject' || review.decision === 'edit')
        .length,
      componentsAccepted: accepted.size,
      defectsFoundLater: data.defects.filter(
        (defect) => defect.componentId !== null && accepted.has(defect.componentId),
      ).length,
      timeAllocation: own ?? computeTimeAllocation([], settings).team,
    };
  });
  for (const person of people)
    if (person.timeAllocation.who === 'team')
      person.timeAllocation = { ...person.timeAllocation, who: person.name };
  return {
    people,
    unknownIdentities: [...unknown]
      .map(([identity, rows]) => ({ identity, rows }))
      .sort((left, right) => right.rows - left.rows || left.identity.localeCompare(right.identity)),
  };
}
