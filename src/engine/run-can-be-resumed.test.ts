import { describe, expect, it } from 'vitest';
import { openSqliteLedger } from '../ledger/sqlite-store.js';
import { branchesToKeep } from './branches-to-keep.js';
import { type RunStatus, runCanBeResumed } from './run-state.js';

const statuses: RunStatus[] = [
  'running',
  'succeeded',
  'escalated',
  'failed',
  'cancelled',
  'budget-exhausted',
  'waiting-for-person',
];
const at = '2026-11-24T09:30:00.000Z';

describe('which runs can be resumed', () => {
  it('baton gc keeps the committed attempts of exactly the runs --resume can continue', async () => {
    const ledger = await openSqliteLedger({ path: ':memory:' });
    try {
      for (const [index, status] of statuses.entries()) {
        await ledger.insert('plans', [
          {
            id: `pln_${index}`,
            feature: 'f',
            sourcePath: 'plan.yaml',
            contentHash: 'h',
            document: '{}',
            createdAt: at,
          },
        ]);
        await ledger.insert('runs', [
          {
            id: `run_${index}`,
            planId: `pln_${index}`,
            status,
            startedAt: at,
            endedAt: null,
            budgetUsd: null,
            options: '{}',
          },
        ]);
        await ledger.insert('components', [
          {
            id: `cmp_${index}`,
            planId: `pln_${index}`,
            key: 'api',
            title: 'API',
            kind: 'api',
            triage: null,
            ownerRole: null,
            estimateHours: null,
            status: 'escalated',
            triageReasons: null,
            statusReason: null,
            evidenceAttemptId: null,
            createdAt: at,
            updatedAt: at,
          },
        ]);
        await ledger.insert('attempts', [
          {
            id: `att_${index}`,
            runId: `run_${index}`,
            componentId: `cmp_${index}`,
            number: 1,
            status: 'findings',
            worktree: null,
            branch: `baton/run_${index}/api/1`,
            startedAt: at,
            endedAt: at,
            baseCommit: null,
            commitSha: 'abc',
            conversation: null,
            evidence: null,
          } as never,
        ]);
      }
      const kept = await branchesToKeep(ledger);
      for (const [index, status] of statuses.entries()) {
        expect(kept.has(`baton/run_${index}/api/1`), status).toBe(runCanBeResumed(status));
      }
      expect(runCanBeResumed('escalated')).toBe(true);
      expect(runCanBeResumed('succeeded')).toBe(false);
    } finally {
      await ledger.close();
    }
  });
});
