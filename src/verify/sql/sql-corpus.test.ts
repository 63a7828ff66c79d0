import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import type { Finding } from '../finding.js';
import { sqlTestContext } from './__fixtures__/sql-test-context.js';
import { createSqlCheck } from './sql-check.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'corpus');

interface Expectation {
  set: string;
  file: string;
  line: number;
  ruleId: string;
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Labels of a set: `-- expect: rule, rule` at the end of a line, and `file:line rule` lines of expected.txt. */
function readExpectations(set: string): Expectation[] {
  const directory = join(corpus, set);
  const expectations: Expectation[] = [];
  for (const path of filesUnder(directory)) {
    const file = relative(directory, path)
      .split('\\')
      .join('/')
      .replace(/\.fixture$/, '');
    for (const [index, line] of readFileSync(path, 'utf8').split('\n').entries()) {
      const label = /-- expect: ([\w/, -]+)$/.exec(line);
      for (const ruleId of label?.[1]?.split(',') ?? []) {
        expectations.push({ set, file, line: index + 1, ruleId: ruleId.trim() });
      }
    }
  }
  const sidecar = join(directory, 'expected.txt');
  if (existsSync(sidecar)) {
    for (const line of readFileSync(sidecar, 'utf8').split('\n')) {
      const label = /^([^#\s][^:]*):(\d+) ([\w/-]+)$/.exec(line.trim());
      if (label?.[1] && label[2] && label[3]) {
        expectations.push({ set, file: label[1], line: Number(label[2]), ruleId: label[3] });
      }
    }
  }
  return expectations;
}

const sets = readdirSync(corpus).sort();
const cleanSets = sets.filter((set) => readExpectations(set).length === 0);

describe('the SQL migrations corpus', () => {
  const projects = new Map<string, FixtureProject>();
  const found = new Map<string, Finding[]>();
  const expectations = sets.flatMap(readExpectations);

  beforeAll(async () => {
    for (const set of sets) {
      const project = createFixtureProject({ from: join(corpus, set) });
      projects.set(set, project);
      found.set(set, await createSqlCheck().run(sqlTestContext(project.root)));
    }
  }, 600_000);
  afterAll(() => {
    for (const project of projects.values()) project.remove();
  });

  it('labels every SQL rule, and has clean sets including the fixed article migration', () => {
    const rules = new Set(expectations.map((expectation) => expectation.ruleId));
    expect([...rules].sort()).toEqual([
      'sql/destructive-drop',
      'sql/foreign-key-without-index',
      'sql/foreign-key-without-on-delete',
      'sql/index-without-concurrently',
      'sql/json-instead-of-jsonb',
      'sql/migration-failed',
      'sql/migrations-not-replayed',
      'sql/not-null-without-default',
      'sql/nullable-foreign-key',
      'sql/one-per-parent-needs-unique',
      'sql/timestamp-without-time-zone',
      'sql/updated-at-without-trigger',
    ]);
    expect(cleanSets).toEqual(
      expect.arrayContaining(['article-fixed', 'postgrator', 'sqlite-cart-unique', 'baskets-upsert-unique']),
    );
  });

  it('finds the missing UNIQUE of the article, at least 90 % of all cases, and no false positive', () => {
    const same = (set: string, finding: Finding, expectation: Expectation) =>
      expectation.set === set &&
      finding.file === expectation.file &&
      finding.range.startLine === expectation.line &&
      finding.ruleId === expectation.ruleId;
    const missed = expectations.filter(
      (expectation) =>
        !(found.get(expectation.set) ?? []).some((finding) => same(expectation.set, finding, expectation)),
    );
    const falsePositives = sets.flatMap((set) =>
      (found.get(set) ?? [])
        .filter((finding) => !expectations.some((expectation) => same(set, finding, expectation)))
        .map(
          (finding) =>
            `${set}/${finding.file}:${finding.range.startLine} ${finding.ruleId} ${finding.message}`,
        ),
    );
    const recall = (expectations.length - missed.length) / expectations.length;
    for (const item of missed) console.info(`missed ${item.set}/${item.file}:${item.line} ${item.ruleId}`);
    console.info(
      `SQL corpus: recall ${(recall * 100).toFixed(1)} % of ${expectations.length} labelled cases in ${sets.length - cleanSets.length} sets; ${falsePositives.length} false positives (${cleanSets.length} clean sets)`,
    );
    expect(missed.filter((item) => item.ruleId === 'sql/one-per-parent-needs-unique')).toEqual([]);
    expect(falsePositives).toEqual([]);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
