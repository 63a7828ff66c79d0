import type { Activity } from '../core/index.js';

export const activities: readonly Activity[] = [
  'planning',
  'prompting',
  'writing',
  'reviewing',
  'debugging',
  'communication',
];

export type ActivityProfile = Readonly<Record<Activity, number>>;

/**
 * The article's two time-allocation profiles, as shares of working time. Its traditional "reading
 * code" is counted as reviewing, and "writing code" as writing; the orchestrator writes by prompting.
 */
export const activityProfiles = {
  traditional: {
    writing: 0.4,
    reviewing: 0.2,
    debugging: 0.2,
    planning: 0.15,
    communication: 0.05,
    prompting: 0,
  },
  orchestrator: {
    prompting: 0.25,
    reviewing: 0.3,
    debugging: 0.2,
    planning: 0.2,
    communication: 0.05,
    writing: 0,
  },
} as const satisfies Record<string, ActivityProfile>;

export type ProfileName = keyof typeof activityProfiles;

/** Half the sum of absolute share differences: 0 when identical, 1 when disjoint. */
export function profileDistance(shares: ActivityProfile, profile: ActivityProfile): number {
  return activities.reduce((sum, activity) => sum + Math.abs(shares[activity] - profile[activity]), 0) / 2;
}
