import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePlanningSettings } from '../../core/index.js';
import { checkPlan } from '../../plan/index.js';
import { seededStream } from '../interview/seeded-stream.js';
import { brokenDependency, guidedTour } from './guided-tour.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'baton-tour-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

async function check(file: string) {
  const { plan, triage } = resolvePlanningSettings({});
  return checkPlan({ file, cwd: dirname(file), plan, triage });
}

describe('the guided tour', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'seed %i: plan check names the two planted problems, and passes once they are fixed',
    async (seed) => {
      const tour = guidedTour(seededStream(seed, 'training-tour'));
      for (const [path, text] of Object.entries(tour.files)) {
        mkdirSync(dirname(join(directory, path)), { recursive: true });
        writeFileSync(join(directory, path), text);
      }
      const planFile = join(directory, 'repository/plan.yaml');
      const shipped = await check(planFile);
      expect(shipped.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code)).toEqual(
        ['PLAN_UNKNOWN_DEPENDENCY', 'PLAN_EMPTY_PROMPT_ELEMENT'],
      );
      const fixed = (tour.files['repository/plan.yaml'] ?? '')
        .replace(`    dependsOn:\n      - ${brokenDependency}\n`, '')
        .replace('edgeCases: []', 'edgeCases:\n      - case: an empty text\n        expect: an empty result');
      writeFileSync(planFile, fixed);
      const after = await check(planFile);
      expect(after.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
      expect(after.plan?.components.map((component) => component.id)).toEqual([tour.task.id]);
    },
  );
});
