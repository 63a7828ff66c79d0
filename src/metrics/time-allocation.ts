import type { Activity } from '../core/events.js';
import type { LedgerRow } from '../ledger/schema.js';
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
  closestProfile: ProfileName | undefined;
}

export interface TimeAllocation {
  people: Allocation[];
  team: Allocation;
  profiles: typeof activityProfiles;
}

const hoursBetween = (start: string, end: string) =>
  Math.max(0, Date.parse(end) - Date.parse(start)) / 3_600_000;

function emptyHours(): Record<Activity, number> {
  return Object.fromEntries(activities.map((activity) => [activity, 0])) as Record<Activity, number>;
}

function allocate(who: string, intervals: readonly LedgerRow<'activityIntervals'>[]): Allocation {
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
    totalHours === 0
      ? undefined
      : distance.orchestrator <= distance.traditional
        ? 'orchestrator'
        : 'traditional';
  return { who, totalHours, hours, shares, distance, closestProfile };
}

/** Each person's and the team's split of time across activities, beside the article's profiles. */
export function computeTimeAllocation(intervals: readonly LedgerRow<'activityIntervals'>[]): TimeAllocation {
  const byPerson = groupBy(intervals, (interval) => interval.person);
  const people = [...byPerson.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([person, rows]) => allocate(person, rows));
  return { people, team: allocate('team', intervals), profiles: activityProfiles };
}
