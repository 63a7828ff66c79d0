import type { Activity } from '../core/index.js';
import { defaultMinProfileHours } from '../core/index.js';
import type { LedgerRow } from '../ledger/index.js';
import { humanActivitySources } from '../ledger/index.js';
import {
  type ActivityProfile,
  activities,
  activityProfiles,
  type ProfileName,
  profileDistance,
} from './activity-profiles.js';
import { groupBy } from './group-by.js';

export interface Allocation {
  /** Whose time: a person, or 'team' for everyone together. */
  who: string;
  totalHours: number;
  hours: Record<Activity, number>;
  shares: ActivityProfile;
  /** Distance to each of the article's profiles (0 = the same split, 1 = nothing in common). */
  distance: Record<ProfileName, number>;
  /** Undefined when no time, or less than the minimum, was recorded: too little to compare. */
  closestProfile: ProfileName | undefined;
}

export interface TimeAllocation {
  people: Allocation[];
  team: Allocation;
  profiles: typeof activityProfiles;
  /** Recorded hours below which a split is not compared with the profiles (`metrics.minProfileHours`). */
  minProfileHours: number;
  /** Hours the model worked in runs, which are no one's time and not in the splits above. */
  modelHours: number;
}

const hoursBetween = (start: string, end: string) =>
  Math.max(0, Date.parse(end) - Date.parse(start)) / 3_600_000;

function emptyHours(): Record<Activity, number> {
  return Object.fromEntries(activities.map((activity) => [activity, 0])) as Record<Activity, number>;
}

function allocate(
  who: string,
  intervals: readonly LedgerRow<'activityIntervals'>[],
  minProfileHours: number,
): Allocation {
  const hours = emptyHours();
  for (const interval of intervals) {
    const activity = interval.activity as Activity;
    if (activity in hours) hours[activity] += hoursBetween(interval.startedAt, interval.endedAt);
  }
  const totalHours = activities.reduce((sum, activity) => sum + hours[activity], 0);
  const shares = Object.fromEntries(
    activities.map((activity) => [activity, totalHours > 0 ? hours[activity] / totalHours : 0]),
  ) as Record<Activity, number>;
  const distance = {
    traditional: profileDistance(shares, activityProfiles.traditional),
    orchestrator: profileDistance(shares, activityProfiles.orchestrator),
  };
  const closestProfile =
    totalHours === 0 || totalHours < minProfileHours
      ? undefined
      : distance.orchestrator <= distance.traditional
        ? 'orchestrator'
        : 'traditional';
  return { who, totalHours, hours, shares, distance, closestProfile };
}

/** Whether an interval measures a person's time: not a model's in a run. */
export function isHumanInterval(interval: Pick<LedgerRow<'activityIntervals'>, 'source'>): boolean {
  return (humanActivitySources as readonly string[]).includes(interval.source);
}

/**
 * Each person's and the team's split of time across activities, beside the article's profiles;
 * only people's time counts, and a split is compared with the profiles only from `minProfileHours`.
 */
export function computeTimeAllocation(
  intervals: readonly LedgerRow<'activityIntervals'>[],
  options: { minProfileHours?: number } = {},
): TimeAllocation {
  const minProfileHours = options.minProfileHours ?? defaultMinProfileHours;
  const human = intervals.filter(isHumanInterval);
  const byPerson = groupBy(human, (interval) => interval.person);
  const people = [...byPerson.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([person, rows]) => allocate(person, rows, minProfileHours));
  const modelHours = intervals
    .filter((interval) => !isHumanInterval(interval))
    .reduce((sum, interval) => sum + hoursBetween(interval.startedAt, interval.endedAt), 0);
  return {
    people,
    team: allocate('team', human, minProfileHours),
    profiles: activityProfiles,
    minProfileHours,
    modelHours,
  };
}
