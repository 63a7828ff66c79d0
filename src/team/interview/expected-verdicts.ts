import { resolvePlanningSettings, type TriageReason, type TriageVerdict } from '../../core/index.js';
import type { GitHistory, PlanFile, RepositoryFiles } from '../../plan/index.js';
import { normalizePlan, triagePlan } from '../../plan/index.js';
import type { ScenarioCard } from './judgment-cards.js';

export interface ExpectedVerdict {
  cardId: string;
  verdict: TriageVerdict;
  reasons: TriageReason[];
  /** The signals triage saw, as the key explains the answer. */
  signals: string[];
}

/** No repository and no history: a card is judged on its own words, files and annotations. */
const noFiles: RepositoryFiles = {
  root: '.',
  files: [],
  has: () => false,
  hasFolder: () => false,
  match: () => [],
};
const noHistory: GitHistory = { available: false, headCommitAt: 0, of: () => undefined };

/** What Baton's triage, with its default rules, says of each card: the judgment exercise's key. */
export function expectedVerdicts(cards: readonly ScenarioCard[]): ExpectedVerdict[] {
  const input: PlanFile = {
    feature: { name: 'judgment cards' },
    components: cards.map((card) => ({
      id: card.id,
      title: card.title,
      kind: 'other',
      files: [...card.files],
      acceptance: [{ criterion: 'it works', command: 'npm test' }],
      prompt: { context: card.scenario },
      estimateHours: card.estimateHours,
      ...(card.performance ? { performance: card.performance } : {}),
    })),
  };
  const plan = normalizePlan(input, {
    file: 'cards',
    root: '.',
    body: '',
    positionOf: () => ({ line: 1, column: 1 }),
  });
  const { triage } = resolvePlanningSettings({});
  return triagePlan(plan, noFiles, noHistory, triage).map((result) => ({
    cardId: result.componentId,
    verdict: result.verdict,
    reasons: result.reasons,
    signals: result.signals.map((signal) => `${signal.reason}: ${signal.detail}`),
  }));
}
