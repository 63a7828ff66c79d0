import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { seedMetricsLedger } from '../../../test/support/seed-metrics-ledger.js';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { openSqliteLedger } from '../../ledger/index.js';

let repository: TemporaryRepository;
beforeEach(async () => {
  repository = createTemporaryRepository();
  const ledger = await openSqliteLedger({ path: join(repository.root, '.baton', 'ledger.db') });
  await seedMetricsLedger(ledger);
  await ledger.close();
});
afterEach(() => repository.remove());

const withoutGeneratedTime = (text: string) => text.replace(/generated [\d-]+ [\d:]+ UTC/, 'generated <now>');

describe('baton report', () => {
  it('prints the text report', async () => {
    const result = await runBaton(['report', '--feature', 'Notification preferences'], repository.root);
    expect(result.exitCode).toBe(0);
    expect(withoutGeneratedTime(result.stdout)).toMatchInlineSnapshot(`
      "Baton report · Notification preferences · generated <now>

      Time allocation
      ---------------
      Share of people’s recorded time per activity, beside the article’s traditional and orchestrator profiles; a split under 2.00 h (metrics.minProfileHours) is not compared.
      who                   total   planning  prompting  writing  reviewing  debugging  communication  closest profile
      --------------------  ------  --------  ---------  -------  ---------  ---------  -------------  ------------------------
      ada                   3.00 h  0%        42%        0%       8%         50%        0%             orchestrator (53% alike)
      ben                   3.25 h  0%        8%         62%      23%        8%         0%             traditional (68% alike)
      team                  6.25 h  0%        24%        32%      16%        28%        0%             traditional (68% alike)
      traditional profile           15%       0%         40%      20%        20%        5%
      orchestrator profile          20%       25%        0%       30%        20%        5%

      Productivity
      ------------
      The plan’s estimate for writing directly against the time people spent writing (prompting or writing), reviewing and debugging; a ratio above 1× means orchestration was faster. The model’s time is shown apart and is not in the ratio.
      component                        direct  write   review  debug   human   ratio  model  tokens in / out  cost
      -------------------------------  ------  ------  ------  ------  ------  -----  -----  ---------------  -----------------
      api                              3.00 h  15 min  30 min  15 min  1.00 h  3.00×  0 h    3,500 / 900      $0.0500
      form                             1.50 h  15 min  15 min  0 h     30 min  3.00×  0 h    800 / 200        $0.0050
      integration                      4.00 h  2.00 h  0 h     0 h     2.00 h  2.00×  0 h    0 / 0            $0.0000
      schema                           2.00 h  30 min  15 min  30 min  1.25 h  1.60×  0 h    2,200 / 500      $0.0250
      tests                            1.00 h  30 min  0 h     1.00 h  1.50 h  0.67×  0 h    1,500 / 300      $0.0080 + unknown
      all of Notification preferences  11.5 h  3.50 h  1.00 h  1.75 h  6.25 h  1.84×  0 h    8,000 / 1,900    $0.0880 + unknown

      Where orchestration lost
      ------------------------
        integration (Notification preferences): written directly — legacy integration: src/notify/client.ts has 12 authors over 6 years
        tests (Notification preferences): escalated — 3 attempts failed: tests/preferences.test.ts still failing

      Quality
      -------
        First-pass acceptance: 1 of 4 components (25%)
        Attempts per component: mean 2.00, max 3
        Defects: 3 caught by the gate, 1 rejected in review, 1 found later (gate caught 60%)
        Caught by the gate counts distinct blocking findings on each component's own files, a failing test once, of 6 findings recorded (evidence, notes and repeats across attempts included)
        Review: 3 of 3 accepted components reviewed by a person, 0 accepted by policy (nobody reviewed them); none merged yet

      Findings by check
      -----------------
      check  findings  rules
      -----  --------  --------------------------------------------------------------------
      tests  3         tests/failed ×3
      sql    2         sql/foreign-key-without-index ×1, sql/one-per-parent-needs-unique ×1
      api    1         api/missing-export ×1

      Economics
      ---------
      8 model calls, 8,000 tokens in, 1,900 out, $0.0880 + unknown (1 call had no price in the price table).
      provider    model       calls  tokens in  tokens out  cost
      ----------  ----------  -----  ---------  ----------  -----------------
      openai      gpt-5       5      6,500      1,600       $0.0800
      compatible  qwen-coder  3      1,500      300         $0.0080 + unknown
      "
    `);
  });

  it('filters by --since and writes Markdown and JSON', async () => {
    const markdown = await runBaton(['report', '--since', '2026-11-21', '--format', 'md'], repository.root);
    expect(markdown.stdout).toContain('# Baton report · since 2026-11-21T00:00:00.000Z');
    expect(markdown.stdout).toContain(
      '| who | total | planning | prompting | writing | reviewing | debugging | communication | closest profile |',
    );
    const json = await runBaton(['report', '--since', '2026-11-21', '--format', 'json'], repository.root);
    const report = JSON.parse(json.stdout);
    expect(report.filter).toEqual({ since: '2026-11-21T00:00:00.000Z' });
    expect(report.economics.calls).toBe(4);
  });

  it('writes one self-contained HTML file', async () => {
    const result = await runBaton(['report', '--format', 'html', '--out', 'report.html'], repository.root);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('report.html');
    const html = readFileSync(join(repository.root, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect(html).toContain('<canvas id="chart-time">');
    expect(html).toContain('all of Notification preferences');
  });

  it('refuses an unknown format or a bad --since, with exit code 2', async () => {
    const format = await runBaton(['report', '--format', 'pdf'], repository.root);
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toContain('hint: Use one of: text, md, html, json.');
    const since = await runBaton(['report', '--since', 'yesterday-ish'], repository.root);
    expect(since.exitCode).toBe(2);
  });
});

describe('baton log', () => {
  it('records an activity for a component, and a defect, that the report then counts', async () => {
    const activity = await runBaton(
      ['log', 'reviewing', '1h30m', '--component', 'api', '--person', 'cy'],
      repository.root,
    );
    expect(activity.exitCode).toBe(0);
    expect(activity.stdout).toBe('Logged 1.50 h of reviewing for cy on api.\n');
    const defect = await runBaton(
      ['log', 'defect', 'form lost the push toggle', '--component', 'form', '--severity', 'high'],
      repository.root,
    );
    expect(defect.stdout).toBe('Logged a high defect in form.\n');

    const report = JSON.parse((await runBaton(['report', '--format', 'json'], repository.root)).stdout);
    const cy = report.timeAllocation.people.find((person: { who: string }) => person.who === 'cy');
    expect(cy.hours.reviewing).toBeCloseTo(1.5, 10);
    expect(report.quality.defects.foundLater).toBe(2);
    const api = report.productivity.components.find((row: { name: string }) => row.name === 'api');
    expect(api.reviewHours).toBeCloseTo(2, 10);
  });

  it('names the unknown component and suggests the close one', async () => {
    const result = await runBaton(['log', 'debugging', '20m', '--component', 'shcema'], repository.root);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error LEDGER_COMPONENT_NOT_FOUND: No component "shcema"');
    expect(result.stderr).toContain('Did you mean "schema"?');
  });

  it('refuses an unknown activity and a malformed duration', async () => {
    const activity = await runBaton(['log', 'napping', '20m'], repository.root);
    expect(activity.exitCode).toBe(2);
    expect(activity.stderr).toContain(
      'hint: Use one of: planning, prompting, writing, reviewing, debugging, communication',
    );
    const duration = await runBaton(['log', 'reviewing', 'twenty minutes'], repository.root);
    expect(duration.exitCode).toBe(2);
    expect(duration.stderr).toContain('is not a duration');
  });
});
