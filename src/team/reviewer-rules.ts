import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReviewRules, TeamRole } from '../core/index.js';
import type { ReviewItem, ReviewRun } from '../engine/review/index.js';
import type { LedgerStore } from '../ledger/index.js';
import { policyReviewer, standingAssignments } from '../ledger/index.js';
import { parsePlanText } from '../plan/index.js';
import { commitAuthors } from './commit-authors.js';
import type { TeamMember, TeamRoster } from './roster.js';

export const reviewRuleIds = [
  'reviewer-is-not-owner',
  'junior-work-reviewed-by-mid-or-senior',
  'risky-work-reviewed-by-senior',
  'reviewer-on-team',
] as const;
export type ReviewRuleId = (typeof reviewRuleIds)[number];

/** One rule a decision would break, and how. */
export interface RuleBreak {
  rule: ReviewRuleId;
  componentKey: string;
  message: string;
}

/** Who owns a component, and how Baton knows. */
export interface ComponentOwner {
  person: TeamMember;
  source: 'plan' | 'assignment' | 'commit';
}

const roleWord = (role: TeamRole) => (role === 'mid' ? 'mid-level' : role);

/** Triage reasons of a component row, whether stored as ids or as sentences that start with one. */
function reasonsOf(component: ReviewItem['component']): string[] {
  if (!component.triageReasons) return [];
  try {
    const parsed: unknown = JSON.parse(component.triageReasons);
    return Array.isArray(parsed) ? parsed.map((reason) => String(reason).toLowerCase()) : [];
  } catch {
    return [];
  }
}

/** Whether triage asked for extra verification for a security or legacy reason. */
export function needsSeniorReview(component: ReviewItem['component']): boolean {
  if (component.triage !== 'orchestrate+verify') return false;
  return reasonsOf(component).some((reason) => /^(security|legacy)[\s-]/.test(reason));
}

/**
 * Each component's owner: the plan file's `owner` (read from the run's plan file as it is now), else
 * the owner `baton team assign` recorded, else the author of the commit under review.
 */
export async function componentOwners(options: {
  ledger: LedgerStore;
  reviewRun: ReviewRun;
  items: readonly ReviewItem[];
  roster: TeamRoster;
  root: string;
  repository: string;
}): Promise<Map<string, ComponentOwner>> {
  const owners = new Map<string, ComponentOwner>();
  let planPath: string | undefined;
  try {
    planPath = (JSON.parse(options.reviewRun.run.options) as { planFile?: string }).planFile;
  } catch {
    planPath = undefined;
  }
  planPath ??= options.reviewRun.plan.sourcePath ?? undefined;
  if (planPath && existsSync(join(options.root, planPath))) {
    const parsed = parsePlanText(readFileSync(join(options.root, planPath), 'utf8'), planPath);
    if (parsed.success) {
      for (const component of parsed.value.input.components) {
        const person = options.roster.resolve(component.owner);
        if (person) owners.set(component.id, { person, source: 'plan' });
      }
    }
  }
  if (planPath) {
    for (const assignment of await standingAssignments(options.ledger)) {
      if (assignment.planPath !== planPath || owners.has(assignment.componentKey)) continue;
      const person = options.roster.resolve(assignment.owner);
      if (person) owners.set(assignment.componentKey, { person, source: 'assignment' });
    }
  }
  const commits = options.items.flatMap((item) =>
    !owners.has(item.component.key) && item.attempt?.commitSha ? [item.attempt.commitSha] : [],
  );
  const authors = await commitAuthors(options.repository, commits);
  for (const item of options.items) {
    const author = item.attempt?.commitSha ? authors.get(item.attempt.commitSha) : undefined;
    if (owners.has(item.component.key) || !author) continue;
    const person = options.roster.resolve(author.email) ?? options.roster.resolve(author.name);
    if (person) owners.set(item.component.key, { person, source: 'commit' });
  }
  return owners;
}

/** The rules a decision by `reviewer` on a component would break; a policy decision is nobody's review. */
export function judgeReviewer(options: {
  rules: ReviewRules;
  roster: TeamRoster;
  reviewer: string;
  component: ReviewItem['component'];
  owner: ComponentOwner | undefined;
}): RuleBreak[] {
  const { rules, roster, component, owner } = options;
  const key = component.key;
  const breaks: RuleBreak[] = [];
  const byPolicy = options.reviewer === policyReviewer;
  const reviewer = byPolicy ? undefined : roster.resolve(options.reviewer);
  const who = byPolicy
    ? 'a policy (nobody reviewed it)'
    : reviewer
      ? `${reviewer.name} (${roleWord(reviewer.role)})`
      : options.reviewer;
  if (!byPolicy && !reviewer) {
    breaks.push({
      rule: 'reviewer-on-team',
      componentKey: key,
      message: `${options.reviewer} is not on the team, so the reviewer rules cannot be judged`,
    });
  }
  if (rules.reviewerIsNotOwner && reviewer && owner && owner.person === reviewer) {
    breaks.push({
      rule: 'reviewer-is-not-owner',
      componentKey: key,
      message: `${reviewer.name} owns ${key} (${owner.source === 'plan' ? "the plan's owner" : owner.source === 'assignment' ? 'assigned by `baton team assign`' : 'author of its commit'}) and may not review it`,
    });
  }
  const ownerRole = owner?.person.role ?? (component.ownerRole as TeamRole | null);
  if (
    rules.juniorWorkReviewedByMidOrSenior &&
    ownerRole === 'junior' &&
    (!reviewer || reviewer.role === 'junior')
  ) {
    breaks.push({
      rule: 'junior-work-reviewed-by-mid-or-senior',
      componentKey: key,
      message: `${key} is a junior's work${owner ? ` (${owner.person.name})` : ''} and needs a mid-level or senior reviewer, not ${who}`,
    });
  }
  if (rules.riskyWorkReviewedBySenior && needsSeniorReview(component) && reviewer?.role !== 'senior') {
    breaks.push({
      rule: 'risky-work-reviewed-by-senior',
      componentKey: key,
      message: `${key} is orchestrate+verify for ${reasonsOf(component).join(', ')} and needs a senior reviewer, not ${who}`,
    });
  }
  return breaks;
}
