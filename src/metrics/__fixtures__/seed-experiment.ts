import type { ExperimentSamplesTable, ExperimentVariantsTable, LedgerStore } from '../../ledger/index.js';
import { insertExperiment } from '../../ledger/index.js';

/** One scripted sample outcome. */
export interface ScriptedSample {
  status: 'passed' | 'escalated' | 'failed' | 'pending';
  firstPass?: boolean;
  attempts?: number;
  costUsd?: number;
  rules?: Record<string, number>;
}

export interface ScriptedVariant {
  key: string;
  baseline?: boolean;
  samples: ScriptedSample[];
  status?: string;
  statusReason?: string;
}

/** `count` samples that passed first time, then `of - count` that needed a second attempt. */
export function firstPassOutcomes(count: number, of: number, costUsd = 0.01): ScriptedSample[] {
  return Array.from({ length: of }, (_, index) =>
    index < count
      ? { status: 'passed' as const, firstPass: true, attempts: 1, costUsd }
      : {
          status: 'passed' as const,
          firstPass: false,
          attempts: 2,
          costUsd: costUsd * 2,
          rules: { 'api/missing-export': 1 },
        },
  );
}

/** Writes an experiment with scripted outcomes, samples interleaved round by round. */
export async function seedExperiment(
  ledger: LedgerStore,
  id: string,
  variants: readonly ScriptedVariant[],
  options: { component?: string; createdAt?: string } = {},
): Promise<void> {
  const at = options.createdAt ?? '2026-12-01T10:00:00.000Z';
  const variantRows: ExperimentVariantsTable[] = variants.map((variant, position) => ({
    id: `${id}_v${position}`,
    experimentId: id,
    key: variant.key,
    position,
    baseline: variant.baseline ? 1 : 0,
    description: null,
    providerId: 'openai:gpt-5',
    temperature: 0,
    changes: JSON.stringify(
      variant.baseline ? { id: variant.key, baseline: true } : { id: variant.key, drop: ['examples'] },
    ),
    status: variant.status ?? 'complete',
    statusReason: variant.statusReason ?? null,
  }));
  const rounds = Math.max(...variants.map((variant) => variant.samples.length));
  const samples: ExperimentSamplesTable[] = [];
  for (let round = 0; round < rounds; round++) {
    variants.forEach((variant, position) => {
      const sample = variant.samples[round];
      if (!sample) return;
      const done = sample.status !== 'pending';
      samples.push({
        id: `${id}_s${samples.length + 1}`,
        experimentId: id,
        variantId: `${id}_v${position}`,
        sequence: samples.length + 1,
        number: round + 1,
        runId: null,
        status: sample.status,
        firstPass: done ? (sample.firstPass ? 1 : 0) : null,
        attempts: done ? (sample.attempts ?? 1) : null,
        escalated: done ? (sample.status === 'escalated' ? 1 : 0) : null,
        blockingFindings: done ? JSON.stringify(sample.rules ?? {}) : null,
        inputTokens: done ? 1000 : null,
        outputTokens: done ? 200 : null,
        costUsd: done ? (sample.costUsd ?? 0.01) : null,
        unpricedCalls: done ? 0 : null,
        latencyMs: done ? 2000 + round * 10 : null,
        modelMs: done ? 1500 : null,
        error: sample.status === 'failed' ? 'The provider failed: 401' : null,
        startedAt: done ? at : null,
        endedAt: done ? at : null,
      });
    });
  }
  await insertExperiment(
    ledger,
    {
      id,
      planFile: 'plan.yaml',
      planHash: 'hash',
      componentKey: options.component ?? 'schema',
      variantsFile: 'variants.yaml',
      variantsHash: 'hash',
      samplesPerVariant: rounds,
      maxAttempts: 3,
      providerId: 'openai:gpt-5',
      baseCommit: '0123456789abcdef0123',
      workspace: 'git',
      budgetUsd: null,
      budgetTokens: null,
      seed: 1,
      status: 'finished',
      statusReason: null,
      createdAt: at,
      updatedAt: at,
      endedAt: at,
    },
    variantRows,
    samples,
  );
}
