import { type TeamRole, teamRoles } from '../core/index.js';

/** The article's 10-person team: 4 senior orchestrators, 4 mid-level, 2 juniors. */
export const articleShape: Readonly<Record<TeamRole, number>> = { senior: 4, mid: 4, junior: 2 };

export interface RoleGap {
  role: TeamRole;
  have: number;
  target: number;
  /** Positive: short of the target; negative: over it. */
  short: number;
}

export interface Composition {
  size: number;
  counts: Record<TeamRole, number>;
  /** The article's shape scaled to this team's size. */
  target: Record<TeamRole, number>;
  gaps: RoleGap[];
  /** One sentence: matches the shape, or what is short and over. */
  summary: string;
}

const plural = (count: number, role: TeamRole) =>
  `${count} ${role === 'mid' ? 'mid-level' : role}${count === 1 ? '' : 's'}`;

/** The article's 4:4:2 scaled to `size` people by largest remainder, ties to the more senior role. */
export function scaledShape(size: number): Record<TeamRole, number> {
  const total = teamRoles.reduce((sum, role) => sum + articleShape[role], 0);
  const exact = teamRoles.map((role) => ({ role, value: (articleShape[role] * size) / total }));
  const target = Object.fromEntries(exact.map(({ role, value }) => [role, Math.floor(value)])) as Record<
    TeamRole,
    number
  >;
  let left = size - teamRoles.reduce((sum, role) => sum + target[role], 0);
  const byRemainder = [...exact].sort(
    (first, second) =>
      second.value - Math.floor(second.value) - (first.value - Math.floor(first.value)) ||
      teamRoles.indexOf(first.role) - teamRoles.indexOf(second.role),
  );
  for (const { role } of byRemainder) {
    if (left <= 0) break;
    target[role] += 1;
    left -= 1;
  }
  return target;
}

/** The team's roles against the article's shape at this size, with the gap named. */
export function compareComposition(roles: readonly TeamRole[]): Composition {
  const size = roles.length;
  const counts = Object.fromEntries(
    teamRoles.map((role) => [role, roles.filter((each) => each === role).length]),
  ) as Record<TeamRole, number>;
  const target = scaledShape(size);
  const gaps = teamRoles.map((role) => ({
    role,
    have: counts[role],
    target: target[role],
    short: target[role] - counts[role],
  }));
  const shape = `the article's ${teamRoles.map((role) => target[role]).join(':')} for ${size} ${size === 1 ? 'person' : 'people'}`;
  const short = gaps.filter((gap) => gap.short > 0).map((gap) => `${plural(gap.short, gap.role)} short`);
  const over = gaps.filter((gap) => gap.short < 0).map((gap) => `${plural(-gap.short, gap.role)} over`);
  const summary =
    size === 0
      ? 'No one is on the team yet: add people to `team` in baton.config.ts, or with `baton team add`.'
      : short.length === 0 && over.length === 0
        ? `Matches ${shape}.`
        : `${[...short, ...over].join(', ')} ${over.length === 0 ? 'of' : 'against'} ${shape}.`;
  return { size, counts, target, gaps, summary };
}
