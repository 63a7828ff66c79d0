import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runBaton } from '../../../test/support/cli.js';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { listInterviewResults } from '../../ledger/index.js';
import { openLedger } from '../../ledger/open-ledger.js';

let repository: TemporaryRepository;

beforeAll(() => {
  repository = createTemporaryRepository({
    'plans/saved-replies.yaml': stringify({
      feature: {
        name: 'Saved replies',
        description:
          'Support agents reuse the same answers; let them save replies and insert one into a ticket.\n\nDetails follow.',
      },
      components: [
        {
          id: 'replies-table',
          title: 'Table of saved replies, unique per agent and title',
          kind: 'schema',
          files: ['migrations/001.sql'],
          acceptance: [{ criterion: 'the migration applies', command: 'npm run migrate' }],
        },
        {
          id: 'replies-api',
          title: 'CRUD endpoints; an agent may only read their own replies, others get 403',
          kind: 'api',
          dependsOn: ['replies-table'],
          files: ['src/replies.ts'],
          acceptance: [
            { criterion: 'lists are paginated, 50 per page', test: 'test/replies.test.ts > pages' },
          ],
        },
      ],
    }),
  });
  repository.git('add', '.');
  repository.git('commit', '-qm', 'plans');
});

afterAll(() => repository.remove());

describe('baton interview', () => {
  it('creates a kit from a past plan, grades it and records only the chosen label in the ledger', async () => {
    const created = await runBaton(
      ['interview', 'create', '--out', 'kit', '--key-out', 'key', '--seed', '5', '--from', '.'],
      repository.root,
    );
    expect(created.stderr).toBe('');
    expect(created.exitCode).toBe(0);
    expect(created.stdout).toContain('Wrote the kit for seed 5 (mid)');
    expect(created.stdout).toMatch(/Brief: Saved replies \(\d unsaid requirements\)/);
    expect(readFileSync(join(repository.root, 'kit/01-decomposition/BRIEF.md'), 'utf8')).toContain(
      'Support agents reuse the same answers',
    );
    expect(readFileSync(join(repository.root, 'kit/01-decomposition/BRIEF.md'), 'utf8')).not.toContain('403');
    expect(existsSync(join(repository.root, 'kit/key.json'))).toBe(false);
    const key = JSON.parse(readFileSync(join(repository.root, 'key/key.json'), 'utf8'));
    expect(key.decomposition.hiddenRequirements.map((requirement: { id: string }) => requirement.id)).toEqual(
      expect.arrayContaining(['one-row-per-parent', 'authorisation-of-others-data', 'pagination-limits']),
    );

    writeFileSync(
      join(repository.root, 'kit/04-judgment/answers.yaml'),
      stringify({
        answers: key.judgment.map((card: { cardId: string; verdict: string }) => ({
          card: card.cardId,
          verdict: card.verdict,
          reason: '',
        })),
      }),
    );
    const graded = await runBaton(
      ['interview', 'grade', 'kit', '--key', 'key', '--format', 'json', '--candidate', 'candidate-17'],
      repository.root,
    );
    expect(graded.exitCode).toBe(0);
    const grade = JSON.parse(graded.stdout);
    expect(
      grade.criteria.find((criterion: { criterion: string }) => criterion.criterion === 'judgment').score,
    ).toBe(70);

    const ledger = await openLedger({ kind: 'sqlite', path: join(repository.root, '.baton', 'ledger.db') });
    try {
      const results = await listInterviewResults(ledger);
      expect(results).toEqual([
        expect.objectContaining({
          candidateLabel: 'candidate-17',
          seed: 5,
          level: 'mid',
          overall: grade.overall,
        }),
      ]);
      expect(Object.keys(results[0] ?? {}).sort()).toEqual(
        ['candidateLabel', 'gradedAt', 'id', 'level', 'overall', 'scores', 'seed'].sort(),
      );
    } finally {
      await ledger.close();
    }

    const html = await runBaton(
      ['interview', 'grade', 'kit', '--key', 'key', '--format', 'html'],
      repository.root,
    );
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).toContain('<meter min="0" max="100" value="70"></meter>');
  }, 300_000);

  it('refuses to write the key inside the kit, and a kit folder that is not empty', async () => {
    const inside = await runBaton(
      ['interview', 'create', '--out', 'kit2', '--key-out', 'kit2/key'],
      repository.root,
    );
    expect(inside.exitCode).toBe(2);
    expect(inside.stderr).toContain('the candidate would see the key');
    const missing = await runBaton(['interview', 'create', '--out', 'kit3'], repository.root);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--key-out <dir> is required');
  });
});
