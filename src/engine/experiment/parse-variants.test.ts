import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BatonError } from '../../core/errors.js';
import type { PlanComponent } from '../../plan/index.js';
import { loadVariants, parseVariantsText } from './parse-variants.js';

const component: PlanComponent = {
  id: 'schema',
  title: 'The preferences table',
  kind: 'schema',
  dependsOn: ['other'],
  files: ['migrations/001.sql'],
  acceptance: [{ criterion: 'one row per user', test: undefined, command: 'npm test' }],
  edgeCases: [{ case: 'two rows for one user', expect: 'refused', test: undefined }],
  prompt: {
    context: 'Add a table for notification preferences keyed by user.',
    constraints: ['PostgreSQL 16'],
    examples: [{ description: 'migrations/000-users.sql', file: undefined, code: undefined }],
    edgeCases: [{ case: 'two rows for one user', expect: 'refused', test: undefined }],
    qualityBar: ['every column has a comment'],
  },
  estimateHours: 1,
  risks: [],
  performance: undefined,
  benchmark: undefined,
  ownerRole: undefined,
  owner: undefined,
  text: '',
  index: 0,
};

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function load(text: string) {
  const folder = mkdtempSync(join(tmpdir(), 'baton-variants-'));
  folders.push(folder);
  writeFileSync(join(folder, 'variants.yaml'), text);
  return loadVariants('variants.yaml', folder, component, { providerId: 'compatible:local', temperature: 0 });
}

function problems(text: string): string {
  try {
    load(text);
  } catch (error) {
    if (BatonError.isInstance(error)) {
      expect(error.code).toBe('EXPERIMENT_VARIANTS_INVALID');
      return error.message;
    }
    throw error;
  }
  throw new Error('expected the variants file to be refused');
}

describe('variants files', () => {
  it('applies drops, replacements, additions, wording, provider and temperature to the prompt only', () => {
    const { variants, hash } = load(
      [
        'variants:',
        '  - id: plan',
        '    baseline: true',
        '  - id: no-examples',
        '    drop: [examples]',
        '  - id: strict',
        '    add:',
        '      constraints: ["user_id is UNIQUE"]',
        '      qualityBar: ["name every constraint"]',
        '    replace:',
        '      context: A preferences table, one row per user.',
        '    wording:',
        '      - { find: "every column", replace: "each column" }',
        '  - id: warmer',
        '    temperature: 0.7',
        '    provider: compatible:other',
        '',
      ].join('\n'),
    );
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(variants.map((variant) => [variant.id, variant.baseline, variant.applied.promptChanged])).toEqual([
      ['plan', true, false],
      ['no-examples', false, true],
      ['strict', false, true],
      ['warmer', false, false],
    ]);
    const [plan, noExamples, strict] = variants;
    expect(plan?.applied.component.prompt).toEqual(component.prompt);
    // Every sample starts from the same base commit, so none waits for a dependency.
    expect(plan?.applied.component.dependsOn).toEqual([]);
    expect(noExamples?.applied.component.prompt.examples).toBeUndefined();
    expect(strict?.applied.component.prompt).toMatchObject({
      context: 'A preferences table, one row per user.',
      constraints: ['PostgreSQL 16', 'user_id is UNIQUE'],
      qualityBar: ['each column has a comment', 'name every constraint'],
    });
    // The gate's edge cases and acceptance stay the plan's.
    expect(noExamples?.applied.component.edgeCases).toEqual(component.edgeCases);
    expect(strict?.applied.component.acceptance).toEqual(component.acceptance);
  });

  it('rejects a variant that changes nothing, at its line', () => {
    const message = problems(
      ['variants:', '  - id: plan', '    baseline: true', '  - id: same', '    temperature: 0', ''].join(
        '\n',
      ),
    );
    expect(message).toContain('variants.yaml:4:5 the variant "same" changes nothing');
  });

  it('rejects a variant that asks what another already asks, whichever way it is written', () => {
    const message = problems(
      [
        'variants:',
        '  - id: plan',
        '    baseline: true',
        '  - id: strict',
        '    add: { constraints: ["user_id is UNIQUE"] }',
        '  - id: strict-again',
        '    replace: { constraints: ["PostgreSQL 16", "user_id is UNIQUE"] }',
        '  - id: strict-warm',
        '    add: { constraints: ["user_id is UNIQUE"] }',
        '    temperature: 0.7',
        '',
      ].join('\n'),
    );
    expect(message).toContain(
      'variants.yaml:6:5 the variant "strict-again" changes nothing against "strict": the same prompt, provider and temperature',
    );
    // Another temperature is another question.
    expect(message).not.toContain('"strict-warm" changes nothing');
    expect(message).toMatch(/^The variants file has a problem:/);
  });

  it('rejects a variant against a baseline on another provider that it copies', () => {
    const message = problems(
      [
        'variants:',
        '  - id: cheap',
        '    baseline: true',
        '    provider: compatible:small',
        '  - id: cheap-too',
        '    provider: compatible:small',
        '',
      ].join('\n'),
    );
    expect(message).toContain('variants.yaml:5:5 the variant "cheap-too" changes nothing against "cheap"');
  });

  it('names an element dropped that the prompt does not have, even beside a real change', () => {
    const withoutExamples: PlanComponent = { ...component, prompt: { ...component.prompt, examples: [] } };
    const folder = mkdtempSync(join(tmpdir(), 'baton-variants-'));
    folders.push(folder);
    writeFileSync(
      join(folder, 'variants.yaml'),
      [
        'variants:',
        '  - id: plan',
        '    baseline: true',
        '  - id: lean',
        '    drop: [context, examples]',
        '',
      ].join('\n'),
    );
    const error = (() => {
      try {
        loadVariants('variants.yaml', folder, withoutExamples, {
          providerId: 'compatible:local',
          temperature: 0,
        });
      } catch (caught) {
        return caught;
      }
    })();
    expect(BatonError.isInstance(error) && error.code).toBe('EXPERIMENT_VARIANTS_INVALID');
    expect((error as Error).message).toContain(
      'variants.yaml:5:21 drops examples, which the prompt of "schema" does not have',
    );
    expect((error as Error).message).not.toContain('drops context');
  });

  it('gives a did-you-mean for an unknown element name, to drop or as a key', () => {
    const message = problems(
      [
        'variants:',
        '  - id: plan',
        '    baseline: true',
        '  - id: fewer',
        '    drop: [exampels]',
        '  - id: more',
        '    add:',
        '      qualityBars: ["x"]',
        '',
      ].join('\n'),
    );
    expect(message).toContain(
      'variants.yaml:5:12 variants.1.drop.0: unknown element "exampels"; did you mean "examples"?',
    );
    expect(message).toContain('variants.yaml:8:7 unknown element "qualityBars"; did you mean "qualityBar"?');
  });

  it('names wording that occurs nowhere, duplicate ids, two baselines and a baseline that changes the prompt', () => {
    const message = problems(
      [
        'variants:',
        '  - id: plan',
        '    baseline: true',
        '  - id: plan',
        '    baseline: true',
        '    drop: [context]',
        '  - id: reworded',
        '    wording: [{ find: "no such words", replace: "x" }]',
        '',
      ].join('\n'),
    );
    expect(message).toContain('4:9 the variant id "plan" is used twice');
    expect(message).toContain('5:15 the baseline "plan" changes the prompt');
    expect(message).toContain('5:15 only one variant can be the baseline');
    expect(message).toContain('8:23 "no such words" occurs nowhere in the prompt of "schema"');
  });

  it('reports YAML syntax errors and too few variants with positions', () => {
    expect(problems('variants:\n  - id: a\n   - id: b\n')).toMatch(/variants\.yaml:3:\d+ /);
    expect(problems('variants:\n  - id: only\n    drop: [context]\n')).toContain(
      'variants.yaml:2:3 an experiment needs at least two variants to compare',
    );
    const parsed = parseVariantsText('');
    expect(parsed.success).toBe(false);
  });
});
