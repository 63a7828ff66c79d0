import type { TeamRole, TriageReason, TriageVerdict } from '../core/index.js';
import type { TeamMember } from './roster.js';

/** Reasons whose work the article keeps with senior orchestrators. */
export const seniorReasons: readonly TriageReason[] = [
  'security-sensitive',
  'legacy-integration',
  'performance-critical',
  'novel-algorithm',
];

/** Hours counted for a component with no estimate. */
export const defaultEstimateHours = 2;

export interface ComponentToStaff {
  id: string;
  title: string;
  verdict: TriageVerdict;
  reasons: readonly TriageReason[];
  estimateHours: number | undefined;
  /** The plan's `ownerRole`: no one less senior may own it. */
  declaredRole: TeamRole | undefined;
  /** The plan's `owner`, if it already names one. */
  owner: string | undefined;
  /** Where the plan names the owner (`file:line:column`), for the note when it is not on the team. */
  ownerWhere?: string | undefined;
}

export interface Assignment {
  componentId: string;
  /** Undefined when the team cannot staff it under the rules. */
  owner: string | undefined;
  role: TeamRole | undefined;
  /** The roles the rules allow for it, preferred first. */
  allowedRoles: TeamRole[];
  estimateHours: number;
  /** Whether the plan already named this owner and it was kept. */
  kept: boolean;
  /** Why this person, or why no one. */
  explanation: string;
}

export interface AssignOptions {
  components: readonly ComponentToStaff[];
  people: readonly TeamMember[];
  /** Hours of open components each person already owns, from the ledger. */
  openHours: ReadonlyMap<string, number>;
  /** Give every component an owner afresh, ignoring owners the plan names. */
  reassign?: boolean;
}

const roleRank: Record<TeamRole, number> = { junior: 0, mid: 1, senior: 2 };
const roleWord = (role: TeamRole) => (role === 'mid' ? 'mid-level' : role);
const hoursText = (hours: number) => `${Number(hours.toFixed(2))} h`;

/** The roles that may own a component, preferred first, and the rule that decided. */
export function allowedRoles(component: ComponentToStaff): { roles: TeamRole[]; rule: string } {
  const flagged = component.reasons.filter((reason) => seniorReasons.includes(reason));
  let roles: TeamRole[];
  let rule: string;
  if (flagged.length > 0) {
    roles = ['senior'];
    rule = `${component.verdict} for ${flagged.join(', ')}: senior work`;
  } else if (component.verdict === 'orchestrate' && component.reasons.length === 0) {
    roles = ['junior', 'mid', 'senior'];
    rule = 'orchestrate with no risk flag: simple enough for a junior';
  } else {
    roles = ['mid', 'senior'];
    rule = `${component.verdict}${component.reasons.length > 0 ? ` for ${component.reasons.join(', ')}` : ''}: a standard feature for a mid-level`;
  }
  const declared = component.declaredRole;
  if (declared && roles.some((role) => roleRank[role] < roleRank[declared])) {
    roles = roles.filter((role) => roleRank[role] >= roleRank[declared]);
    rule += `; the plan asks for at least a ${roleWord(declared)} (ownerRole)`;
  }
  return { roles, rule };
}

/**
 * Gives each component an owner by its triage verdict and risk, the people's roles, their open load
 * and weekly capacity. The most constrained components are staffed first; within the allowed roles
 * the least senior is preferred (seniors are the scarce ones), then the one with the most hours free.
 */
export function assignOwners(options: AssignOptions): Assignment[] {
  const load = new Map(
    options.people.map((person) => [person.name, options.openHours.get(person.name) ?? 0]),
  );
  const byName = new Map(options.people.map((person) => [person.name.toLowerCase(), person]));
  const results = new Map<string, Assignment>();
  const planned = options.components.map((component, index) => ({
    component,
    index,
    ...allowedRoles(component),
  }));

  const notes = new Map<string, string>();
  // Owners the plan already names are kept when the rules allow them, and their hours count first.
  for (const { component, roles, rule } of planned) {
    if (!component.owner || options.reassign) continue;
    const estimate = component.estimateHours ?? defaultEstimateHours;
    const person = byName.get(component.owner.toLowerCase());
    if (!person) {
      notes.set(
        component.id,
        `the plan's owner "${component.owner}"${component.ownerWhere ? ` (${component.ownerWhere})` : ''} is not on the team`,
      );
      continue;
    }
    if (!roles.includes(person.role)) {
      notes.set(component.id, `the plan's owner ${person.name} is a ${roleWord(person.role)}, and ${rule}`);
      continue;
    }
    load.set(person.name, (load.get(person.name) ?? 0) + estimate);
    results.set(component.id, {
      componentId: component.id,
      owner: person.name,
      role: person.role,
      allowedRoles: roles,
      estimateHours: estimate,
      kept: true,
      explanation: `kept the plan's owner: ${rule}, and ${person.name} is a ${roleWord(person.role)}`,
    });
  }

  const toStaff = planned
    .filter(({ component }) => !results.has(component.id))
    .sort(
      (left, right) =>
        left.roles.length - right.roles.length ||
        (right.component.estimateHours ?? defaultEstimateHours) -
          (left.component.estimateHours ?? defaultEstimateHours) ||
        left.index - right.index,
    );
  for (const { component, roles, rule } of toStaff) {
    const estimate = component.estimateHours ?? defaultEstimateHours;
    const estimateNote =
      component.estimateHours === undefined ? ` (no estimate: counted as ${hoursText(estimate)})` : '';
    const prefix = notes.has(component.id) ? `${notes.get(component.id)}; ` : '';
    const candidates = options.people
      .filter((person) => roles.includes(person.role))
      .map((person) => ({ person, free: person.capacityHours - (load.get(person.name) ?? 0) }))
      .sort(
        (left, right) =>
          roles.indexOf(left.person.role) - roles.indexOf(right.person.role) ||
          right.free - left.free ||
          left.person.name.localeCompare(right.person.name),
      );
    const chosen = candidates.find((candidate) => candidate.free >= estimate);
    if (!chosen) {
      const why =
        candidates.length === 0
          ? `no ${roles.map(roleWord).join(' or ')} on the team`
          : `every ${roles.map(roleWord).join(' or ')} is at capacity for its ${hoursText(estimate)}: ${candidates
              .map(
                ({ person, free }) =>
                  `${person.name} has ${hoursText(Math.max(0, free))} of ${hoursText(person.capacityHours)} free`,
              )
              .join(', ')}`;
      results.set(component.id, {
        componentId: component.id,
        owner: undefined,
        role: undefined,
        allowedRoles: roles,
        estimateHours: estimate,
        kept: false,
        explanation: `${prefix}cannot staff: ${rule}, and ${why}${estimateNote}`,
      });
      continue;
    }
    const { person, free } = chosen;
    load.set(person.name, (load.get(person.name) ?? 0) + estimate);
    const passedOver = candidates
      .filter(
        (candidate) =>
          candidate !== chosen && roles.indexOf(candidate.person.role) <= roles.indexOf(person.role),
      )
      .filter((candidate) => candidate.free < estimate)
      .map((candidate) => candidate.person.name);
    const preferred =
      roles[0] !== person.role
        ? `; no ${roles.slice(0, roles.indexOf(person.role)).map(roleWord).join(' or ')} had the hours or was on the team`
        : '';
    results.set(component.id, {
      componentId: component.id,
      owner: person.name,
      role: person.role,
      allowedRoles: roles,
      estimateHours: estimate,
      kept: false,
      explanation: `${prefix}${rule}; ${person.name} (${roleWord(person.role)}) had ${hoursText(free)} of ${hoursText(person.capacityHours)} free, the most of any ${roleWord(person.role)} who could take it, for its ${hoursText(estimate)}${estimateNote}${passedOver.length > 0 ? ` (${passedOver.join(', ')} at capacity)` : ''}${preferred}`,
    });
  }
  return options.components.flatMap((component) => {
    const result = results.get(component.id);
    return result ? [result] : [];
  });
}
