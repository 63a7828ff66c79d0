import picomatch from 'picomatch';
import {
  type TriageReason,
  type TriageRule,
  type TriageSettings,
  type TriageVerdict,
  triageReasons,
  triageVerdicts,
} from '../core/index.js';
import type { GitHistory } from './git-history.js';
import type { Plan, PlanComponent } from './plan.js';
import type { OwnerRole } from './plan-schema.js';
import type { RepositoryFiles } from './repository-files.js';
import { defaultTriageRules } from './triage-rules.js';
import { componentFiles } from './validate-plan.js';

/** One piece of evidence behind a verdict, so the verdict can be argued with. */
export interface TriageSignal {
  reason: TriageReason;
  source: 'risk-flag' | 'path' | 'keyword' | 'git-history' | 'performance-annotation';
  /** What fired, such as `src/auth/session.ts matches **\/auth/**` or `"legacy" in the text`. */
  detail: string;
  verdict: TriageVerdict;
}

export interface TriageResult {
  componentId: string;
  verdict: TriageVerdict;
  /** Distinct reasons, in the article's order. */
  reasons: TriageReason[];
  signals: TriageSignal[];
  /** Orchestrate+verify components need a person's review before merge. */
  requiresHumanReview: boolean;
  suggestedOwner: OwnerRole;
  declaredOwner: OwnerRole | undefined;
}

const ownerRank: Record<OwnerRole, number> = { junior: 0, mid: 1, senior: 2 };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface CompiledRule {
  rule: TriageRule;
  verdict: TriageVerdict;
  paths: { pattern: string; isMatch: (path: string) => boolean }[];
  /** All of `paths` in one expression: most files match none, and one test says so. */
  anyPath: RegExp | undefined;
  keywords: RegExp | undefined;
}

function anyOf(patterns: readonly string[]): RegExp | undefined {
  if (patterns.length === 0) return undefined;
  const sources = patterns.map((pattern) => picomatch.makeRe(pattern, { dot: true }).source);
  return new RegExp(sources.map((source) => `(?:${source})`).join('|'));
}

function compileRules(settings: TriageSettings): CompiledRule[] {
  const rules = [...(settings.replaceDefaultRules ? [] : defaultTriageRules), ...settings.rules];
  return rules.map((rule) => ({
    rule,
    verdict: rule.verdict ?? settings.verdicts[rule.reason],
    paths: (rule.paths ?? []).map((pattern) => ({ pattern, isMatch: picomatch(pattern, { dot: true }) })),
    anyPath: anyOf(rule.paths ?? []),
    keywords:
      rule.keywords && rule.keywords.length > 0
        ? new RegExp(`(?<![\\w-])(?:${rule.keywords.map(escapeRegExp).join('|')})(?![\\w-])`, 'gi')
        : undefined,
  }));
}

/** Who should own a component, from its verdict: the article's senior / mid / junior split. */
export function suggestOwner(
  verdict: TriageVerdict,
  reasons: readonly TriageReason[],
  component: PlanComponent,
): OwnerRole {
  if (verdict === 'write-directly') return 'senior';
  if (verdict === 'orchestrate+verify') {
    return reasons.includes('security-sensitive') || reasons.length > 1 ? 'senior' : 'mid';
  }
  return component.estimateHours !== undefined && component.estimateHours <= 2 ? 'junior' : 'mid';
}

function legacySignal(
  files: readonly string[],
  history: GitHistory,
  settings: TriageSettings,
): string | undefined {
  const day = 24 * 60 * 60;
  const legacy = files
    .map((file) => ({ file, entry: history.of(file) }))
    .filter(({ entry }) => {
      if (!entry) return false;
      const ageDays = (history.headCommitAt - entry.firstCommitAt) / day;
      return (
        ageDays >= settings.legacy.minAgeDays &&
        (entry.commits >= settings.legacy.minCommits || entry.authors.size >= settings.legacy.minAuthors)
      );
    });
  if (legacy.length === 0) return undefined;
  return legacy
    .map(({ file, entry }) => {
      const ageDays = Math.floor((history.headCommitAt - (entry?.firstCommitAt ?? 0)) / day);
      return `${file}: ${ageDays} days old, ${entry?.commits} commits, ${entry?.authors.size} authors`;
    })
    .join('; ');
}

/**
 * Marks each component orchestrate, orchestrate+verify or write-directly. Every verdict lists the signals
 * that fired: risk flags in the plan, touched paths, words in the component's text, git history of the
 * touched files (old, churned, many authors: legacy) and performance annotations.
 */
export function triagePlan(
  plan: Plan,
  files: RepositoryFiles,
  history: GitHistory,
  settings: TriageSettings,
): TriageResult[] {
  const rules = compileRules(settings);
  // Components share files; each file is tested against each rule's paths once.
  const rulesByFile = new Map<string, boolean[]>();
  const rulesMatching = (file: string): boolean[] => {
    let found = rulesByFile.get(file);
    if (!found) {
      found = rules.map(({ anyPath }) => anyPath?.test(file) === true);
      rulesByFile.set(file, found);
    }
    return found;
  };
  return plan.components.map((component) => {
    const signals: TriageSignal[] = [];
    for (const reason of component.risks) {
      signals.push({
        reason,
        source: 'risk-flag',
        detail: `risks: ${reason} in the plan`,
        verdict: settings.verdicts[reason],
      });
    }
    if (component.performance) {
      signals.push({
        reason: 'performance-critical',
        source: 'performance-annotation',
        detail: `performance: ${component.performance}`,
        verdict: settings.verdicts['performance-critical'],
      });
    }
    const touched = componentFiles(component, files);
    for (const [ruleIndex, { rule, verdict, paths, keywords }] of rules.entries()) {
      const note = rule.note ? ` (${rule.note})` : '';
      const candidates = touched.filter((path) => rulesMatching(path)[ruleIndex] === true);
      for (const { pattern, isMatch } of candidates.length > 0 ? paths : []) {
        const file = candidates.find((path) => isMatch(path));
        if (file) {
          signals.push({
            reason: rule.reason,
            source: 'path',
            detail: `${file} matches ${pattern}${note}`,
            verdict,
          });
          break;
        }
      }
      const words = keywords
        ? [...new Set([...component.text.matchAll(keywords)].map((match) => match[0].toLowerCase()))]
        : [];
      if (words.length > 0) {
        const quoted = words.map((word) => `"${word}"`).join(', ');
        signals.push({
          reason: rule.reason,
          source: 'keyword',
          detail: `${quoted} in the text${note}`,
          verdict,
        });
      }
    }
    if (history.available) {
      const legacy = legacySignal(touched, history, settings);
      if (legacy) {
        signals.push({
          reason: 'legacy-integration',
          source: 'git-history',
          detail: `git history: ${legacy}`,
          verdict: settings.verdicts['legacy-integration'],
        });
      }
    }
    const verdict = signals.reduce<TriageVerdict>(
      (worst, signal) =>
        triageVerdicts.indexOf(signal.verdict) > triageVerdicts.indexOf(worst) ? signal.verdict : worst,
      'orchestrate',
    );
    const reasons = triageReasons.filter((reason) => signals.some((signal) => signal.reason === reason));
    return {
      componentId: component.id,
      verdict,
      reasons,
      signals,
      requiresHumanReview: verdict === 'orchestrate+verify',
      suggestedOwner: suggestOwner(verdict, reasons, component),
      declaredOwner: component.ownerRole,
    };
  });
}

/** Whether the plan gives a component to someone less senior than its triage suggests. */
export function isOwnerBelowSuggestion(result: TriageResult): boolean {
  return (
    result.declaredOwner !== undefined && ownerRank[result.declaredOwner] < ownerRank[result.suggestedOwner]
  );
}
