import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createInterviewKit } from './create-kit.js';
import { gradeInterviewKit } from './grade-kit.js';
import { hiddenRequirements } from './hidden-requirements.js';
import { type InterviewKit, kitLayout } from './interview-kit.js';
import type { KitKey } from './write-kit.js';

let folder: string;
let kitFolder: string;
let keyFolder: string;
let kit: InterviewKit;
let key: KitKey;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'baton-interview-grade-'));
  kitFolder = join(folder, 'kit');
  keyFolder = join(folder, 'key');
  ({ kit } = await createInterviewKit({ seed: 11, level: 'mid', out: kitFolder, keyOut: keyFolder }));
  key = JSON.parse(readFileSync(join(keyFolder, 'key.json'), 'utf8')) as KitKey;
}, 180_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function answer(path: string, text: string): void {
  writeFileSync(join(kitFolder, path), text);
}

/** A decomposition that states every unsaid requirement, with tests, edge cases and dependencies. */
function perfectPlan(): string {
  const statements = key.decomposition.hiddenRequirements.map((requirement) => requirement.statement);
  return stringify({
    feature: { name: kit.brief.title, description: kit.brief.brief },
    components: [
      {
        id: 'storage',
        title: 'Tables and migration',
        kind: 'schema',
        files: ['migrations/001-feature.sql'],
        acceptance: [{ criterion: 'the migration applies to an empty database', command: 'npm run migrate' }],
        edgeCases: [
          {
            case: 'the migration runs twice',
            expect: 'the second run changes nothing',
            test: 'test/migration.test.ts > runs twice',
          },
        ],
      },
      {
        id: 'api',
        title: 'Endpoints',
        kind: 'api',
        dependsOn: ['storage'],
        files: ['src/routes/feature.ts', 'test/feature.test.ts'],
        acceptance: statements.map((statement, index) => ({
          criterion: statement,
          test: `test/feature.test.ts > requirement ${index + 1}`,
        })),
        edgeCases: [
          {
            case: 'a request from a signed-out user',
            expect: '401',
            test: 'test/feature.test.ts > signed out',
          },
        ],
      },
    ],
  });
}

function perfectPrompt(): string {
  const facts = key.prompting.facts.map((fact) => fact.statement);
  return stringify({
    feature: { name: 'Projects API' },
    root: 'repository',
    components: [
      {
        id: kit.prompting.component.id,
        title: kit.prompting.component.title,
        kind: 'api',
        files: ['src/routes/*.js', 'test/*.test.js'],
        acceptance: [
          {
            criterion: kit.prompting.component.criterion,
            test: `test/${kit.prompting.component.id}.test.js > ${kit.prompting.component.testName}`,
          },
          {
            criterion: 'answers 404 for a project id that does not exist',
            test: `test/${kit.prompting.component.id}.test.js > answers 404`,
          },
        ],
        edgeCases: [
          {
            case: 'a project id that does not exist',
            expect: 'answers 404 with the error shape of src/errors.js',
            test: `test/${kit.prompting.component.id}.test.js > answers 404`,
          },
        ],
        prompt: {
          context: `The Projects API is a small Node.js HTTP service; src/routes holds one handler per route and src/errors.js the error helper. Facts: ${facts.join('; ')}.`,
          constraints: [
            ...facts.map((fact) => `Keep to the repository: ${fact}.`),
            'Use only the dependencies package.json declares.',
          ],
          examples: [{ description: 'The handler pattern to follow', file: key.prompting.patternFile }],
          qualityBar: [
            'Every handler validates its input before reading the store.',
            'Each edge case has a test.',
          ],
        },
      },
    ],
  });
}

function perfectFindings(): string {
  return stringify({
    findings: key.verification.seededErrors.map((error) => ({
      file: error.file,
      line: error.line,
      what: error.what,
      kind: error.kind,
    })),
  });
}

function perfectJudgment(): string {
  return stringify({
    answers: key.judgment.map((card) => ({
      card: card.cardId,
      verdict: card.verdict,
      reason: card.reasons.length > 0 ? card.reasons.join(' and ') : 'routine work with a pattern to follow',
    })),
  });
}

describe('grading an interview kit', () => {
  it('gives an untouched kit 0 on every criterion and names the empty answers', async () => {
    const grade = await gradeInterviewKit({ kit: kitFolder, key: keyFolder });
    expect(grade.criteria.map((criterion) => [criterion.criterion, criterion.score])).toEqual([
      ['decomposition', 0],
      ['prompting', expect.any(Number)],
      ['verification', 0],
      ['judgment', 0],
    ]);
    expect(grade.criteria[1]?.score).toBeLessThan(20);
    expect(grade.kitProblems).toEqual([]);
  });

  it('gives 100 on each criterion to the answers written from the key', async () => {
    answer(kitLayout.decomposition.answer, perfectPlan());
    answer(kitLayout.prompting.answer, perfectPrompt());
    answer(kitLayout.verification.answer, perfectFindings());
    answer(kitLayout.judgment.answer, perfectJudgment());
    const grade = await gradeInterviewKit({ kit: kitFolder, key: keyFolder });
    for (const criterion of grade.criteria)
      expect([criterion.criterion, criterion.score, criterion.evidence]).toEqual([
        criterion.criterion,
        100,
        criterion.evidence,
      ]);
    expect(grade.overall).toBe(100);
  });

  it('scores a realistic partial answer set exactly', async () => {
    const [firstHidden, secondHidden] = key.decomposition.hiddenRequirements;
    answer(
      kitLayout.decomposition.answer,
      stringify({
        feature: { name: kit.brief.title },
        components: [
          {
            id: 'everything',
            title: 'The whole feature',
            kind: 'api',
            files: ['src/feature.ts'],
            acceptance: [
              {
                criterion: hiddenRequirements[firstHidden?.id as keyof typeof hiddenRequirements].statement,
                test: 'test/feature.test.ts > first',
              },
              hiddenRequirements[secondHidden?.id as keyof typeof hiddenRequirements].statement,
            ],
          },
        ],
      }),
    );
    const [first, second] = key.verification.seededErrors;
    answer(
      kitLayout.verification.answer,
      stringify({
        findings: [
          { file: first?.file, line: (first?.line ?? 0) + 1, what: first?.what },
          { file: `repository/${second?.file}`, line: second?.line, what: 'looks odd' },
          { file: 'src/errors.js', line: 3, what: 'the class should be frozen' },
        ],
      }),
    );
    const judgment = key.judgment.map((card, index) => ({
      card: card.cardId,
      verdict: index < 4 ? card.verdict : 'orchestrate',
      reason: index < 2 ? card.reasons.join(' ') || 'standard work' : 'seems fine',
    }));
    answer(kitLayout.judgment.answer, stringify({ answers: judgment }));
    const grade = await gradeInterviewKit({ kit: kitFolder, key: keyFolder });
    const scores = Object.fromEntries(
      grade.criteria.map((criterion) => [criterion.criterion, criterion.score]),
    );
    // Valid plan 20 + 2 of 4 requirements 20 + one component, no graph 0 + 1 of 2 criteria verifiable 7.5 + no edge cases 0.
    expect(scores.decomposition).toBe(48);
    // 1 of 4 seeded errors found (the second claim names no kind), 2 false claims: 25 − 20.
    expect(scores.verification).toBe(5);
    const orchestrateLater = key.judgment.slice(4).filter((card) => card.verdict === 'orchestrate').length;
    const agreed = 4 + orchestrateLater;
    expect(scores.judgment).toBe(Math.round(100 * ((0.7 * agreed) / 8 + (0.3 * 2) / 8)));
  });

  it('names edited and missing kit files, and still grades', async () => {
    const repositoryFile = `${kitLayout.verification.repository}/SPEC.md`;
    writeFileSync(join(kitFolder, repositoryFile), 'changed');
    rmSync(join(kitFolder, kitLayout.decomposition.folder, 'BRIEF.md'));
    const grade = await gradeInterviewKit({ kit: kitFolder, key: keyFolder });
    expect(grade.kitProblems).toEqual(
      expect.arrayContaining([
        `edited: ${repositoryFile}`,
        `missing: ${kitLayout.decomposition.folder}/BRIEF.md`,
      ]),
    );
    expect(grade.criteria).toHaveLength(4);
  });

  it('points at the line of an answer file that does not parse, and says the shape expected', async () => {
    answer(kitLayout.verification.answer, 'findings:\n  - file: src/a.js\n    line: twelve\n    what: x\n');
    await expect(gradeInterviewKit({ kit: kitFolder, key: keyFolder })).rejects.toMatchObject({
      code: 'INTERVIEW_ANSWER_INVALID',
      message: expect.stringContaining('03-verification/findings.yaml:3:11'),
      hint: expect.stringContaining('findings: a list of'),
    });
    answer(kitLayout.verification.answer, 'findings: [\n');
    await expect(gradeInterviewKit({ kit: kitFolder, key: keyFolder })).rejects.toMatchObject({
      code: 'INTERVIEW_ANSWER_INVALID',
    });
    answer(kitLayout.verification.answer, 'findings: []\n');
  });

  it('refuses a key written for another seed', async () => {
    const otherKey = join(folder, 'other-key');
    const keyText = readFileSync(join(keyFolder, 'key.json'), 'utf8');
    rmSync(otherKey, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(otherKey);
    writeFileSync(join(otherKey, 'key.json'), keyText.replace('"seed": 11', '"seed": 12'));
    await expect(gradeInterviewKit({ kit: kitFolder, key: otherKey })).rejects.toMatchObject({
      code: 'INTERVIEW_KEY_MISMATCH',
    });
  });
});
