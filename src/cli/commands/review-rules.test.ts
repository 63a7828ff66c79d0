import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { type SeededReviewRun, seedReviewRun } from '../../engine/review/__fixtures__/review-run.js';

let seeded: SeededReviewRun | undefined;
afterEach(() => {
  seeded?.repository.remove();
  seeded = undefined;
});

const team = `team: {
    people: [
      { name: 'Ada', email: 'ada@example.com', role: 'senior' },
      { name: 'Ben', role: 'mid' },
      { name: 'Jo', role: 'junior' },
    ],
  },`;

/** The run's plan, naming owners; the review fixture's commits are all authored by Ada. */
const plan = `feature: { name: Notification preferences }
components:
  - { id: schema, title: Preferences table, kind: schema, files: [migrations/**], owner: Ben }
  - { id: api, title: GET/PUT endpoints, kind: api, dependsOn: [schema], files: [src/**], owner: Ben }
  - { id: form, title: Preferences form, kind: ui, files: [src/form.ts], owner: Jo }
`;

async function setUp(person: string, withPlan = true): Promise<SeededReviewRun> {
  const run = await seedReviewRun();
  run.repository.write('baton.config.ts', `export default {\n  person: '${person}',\n  ${team}\n};\n`);
  if (withPlan) run.repository.write('plan.yaml', plan);
  return run;
}

async function reviews(run: SeededReviewRun) {
  const ledger = await run.openLedger();
  try {
    return (await ledger.rows('reviews')).map((review) => ({
      component: review.componentId,
      reviewer: review.reviewer,
      decision: review.decision,
      reason: review.reason,
    }));
  } finally {
    await ledger.close();
  }
}

describe('reviewer rules in baton review and baton merge', () => {
  it('refuses a reviewer every component of the run is owned by, naming the rule, and records nothing', async () => {
    seeded = await setUp('Ada', false);
    const result = await runBaton(['review', '--yes', '--include-mandatory'], seeded.repository.root);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error REVIEW_RULE_BROKEN: Refused to decide on schema, api, form');
    expect(result.stderr).toContain(
      'schema: reviewer-is-not-owner: Ada owns schema (author of its commit) and may not review it',
    );
    expect(result.stderr).toContain('--override "<reason>"');
    expect(await reviews(seeded)).toEqual([]);
  });

  it('decides what the rules allow and refuses the rest: senior-only risky work and the reviewer’s own', async () => {
    seeded = await setUp('Ben');
    const result = await runBaton(['review', '--yes', '--include-mandatory'], seeded.repository.root);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('accept form: accepted without review by --yes');
    expect(result.stderr).toContain(
      'schema: risky-work-reviewed-by-senior: schema is orchestrate+verify for security-sensitive: migrations/ matched and needs a senior reviewer, not Ben (mid-level)',
    );
    expect(result.stderr).toContain(
      "api: reviewer-is-not-owner: Ben owns api (the plan's owner) and may not review it",
    );
    expect((await reviews(seeded)).map((review) => [review.component, review.decision])).toEqual([
      ['cmp_form', 'accept'],
    ]);
  });

  it('a junior may not review a junior’s work; an override decides anyway and is recorded', async () => {
    seeded = await setUp('Jo');
    const refused = await runBaton(['review', '--component', 'form', '--yes'], seeded.repository.root);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('form: reviewer-is-not-owner: Jo owns form');
    expect(refused.stderr).toContain(
      "form: junior-work-reviewed-by-mid-or-senior: form is a junior's work (Jo) and needs a mid-level or senior reviewer, not Jo (junior)",
    );
    const overridden = await runBaton(
      ['review', '--yes', '--include-mandatory', '--override', 'Ada is away; she re-reviews on Monday'],
      seeded.repository.root,
    );
    expect(overridden.exitCode, overridden.stderr).toBe(0);
    expect(overridden.stderr).toContain('override recorded on schema: risky-work-reviewed-by-senior');
    const rows = await reviews(seeded);
    const overrides = rows.filter((review) => review.decision === 'annotate');
    // api is Ben's and not risky: a junior may review it, so nothing there was overridden.
    expect(overrides.map((review) => [review.component, review.reviewer])).toEqual([
      ['cmp_schema', 'Jo'],
      ['cmp_form', 'Jo'],
    ]);
    expect(overrides[1]?.reason).toMatch(
      /^Review rule overridden \(reviewer-is-not-owner: .*; junior-work-reviewed-by-mid-or-senior: .*\): Ada is away; she re-reviews on Monday$/,
    );
    // Every component accepted, so review merged them, the overrides standing for the rules.
    expect(overridden.stdout).toContain('Merged form (baton/run_1/form/1) into main');
  });

  it('refuses to merge a junior’s work accepted by policy alone, unless overridden', async () => {
    seeded = await setUp('Ada');
    // Ada may decide on form (Jo's), but --yes records the policy, not her, as the decider.
    const accepted = await runBaton(
      ['review', '--component', 'form', '--yes', '--no-merge'],
      seeded.repository.root,
    );
    expect(accepted.exitCode, accepted.stderr).toBe(0);
    const refused = await runBaton(['merge'], seeded.repository.root);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('Refused to merge form');
    expect(refused.stderr).toContain('not a policy (nobody reviewed it)');
    expect(seeded.repository.git('rev-parse', 'main').trim()).toBe(seeded.mainBefore);
    const merged = await runBaton(
      ['merge', '--override', 'demo branch, reviewed at the desk'],
      seeded.repository.root,
    );
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('form');
    expect(seeded.repository.git('rev-parse', 'main').trim()).not.toBe(seeded.mainBefore);
  });

  it('leaves review as it was when no one is on the team', async () => {
    seeded = await seedReviewRun();
    const result = await runBaton(['review', '--yes'], seeded.repository.root);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });
});
