import type { ReferenceDomain } from './reference-domains.js';
import { camel } from './reference-implementation.js';

/** The kinds of subtle error a verification exercise seeds, as models make them. */
export const seededErrorKinds = [
  'hallucinated-api',
  'missing-unique',
  'sql-from-input',
  'unhandled-null',
  'pagination-off-by-one',
  'missing-await',
  'contradicting-status',
  'missing-authorisation',
] as const;
export type SeededErrorKind = (typeof seededErrorKinds)[number];

/** What confirms that a seeded error is really there: a test that fails, or a gate rule that fires. */
export type Confirmation = { by: 'test'; testName: string } | { by: 'gate'; rules: readonly string[] };

export interface MutationOperator {
  kind: SeededErrorKind;
  /** The key's words for what is wrong. */
  describe(domain: ReferenceDomain): string;
  confirmation(domain: ReferenceDomain): Confirmation;
  /** Kinds that touch the same lines, which one kit never combines. */
  excludes?: readonly SeededErrorKind[];
  apply(files: Record<string, string>, domain: ReferenceDomain, variant: number): void;
}

/** Marks the line a seeded error stands on while mutating; removed before the kit is written. */
export function marker(kind: SeededErrorKind): string {
  return `/*@@${kind}@@*/`;
}

function replaceOnce(files: Record<string, string>, file: string, from: string, to: string): void {
  const text = files[file];
  if (text === undefined || !text.includes(from)) {
    throw new Error(`mutation anchor not found in ${file}: ${from}`);
  }
  files[file] = text.replace(from, to);
}

const hallucinatedMethods = ['findAllByOwner', 'listForOwner', 'findManyByOwner', 'paginateByOwner'];

export const mutationOperators: Readonly<Record<SeededErrorKind, MutationOperator>> = {
  'hallucinated-api': {
    kind: 'hallucinated-api',
    describe: ({ Entities }) =>
      `calls a method ${Entities}Repository does not have (a hallucinated member): the call throws a TypeError at run time`,
    confirmation: () => ({ by: 'gate', rules: ['types/', 'api/'] }),
    apply(files, { entities }, variant) {
      const method = hallucinatedMethods[variant % hallucinatedMethods.length] ?? 'findAllByOwner';
      replaceOnce(
        files,
        `src/${entities}-service.js`,
        'await this.repository.listByOwner(user.id, page)',
        `await this.repository.${method}(user.id, page)${marker('hallucinated-api')}`,
      );
    },
  },
  'missing-unique': {
    kind: 'missing-unique',
    describe: ({ entity }) =>
      `${entity}_settings.user_id has no UNIQUE constraint, yet the code keeps one row per user (ON CONFLICT (user_id)): PostgreSQL rejects the upsert`,
    confirmation: () => ({ by: 'gate', rules: ['sql/one-per-parent-needs-unique'] }),
    apply(files) {
      replaceOnce(
        files,
        'migrations/001-init.sql',
        '  user_id TEXT NOT NULL UNIQUE REFERENCES',
        `${marker('missing-unique')}  user_id TEXT NOT NULL REFERENCES`,
      );
    },
  },
  'sql-from-input': {
    kind: 'sql-from-input',
    describe: () => 'the id is spliced into the SQL text instead of passed as a parameter: SQL injection',
    confirmation: () => ({ by: 'gate', rules: ['security/sql-injection'] }),
    apply(files, { entities, field }) {
      replaceOnce(
        files,
        `src/${entities}-repository.js`,
        `this.database.query('SELECT id, owner_id, ${field} FROM ${entities} WHERE id = $1', [id])`,
        `this.database.query(${marker('sql-from-input')}\`SELECT id, owner_id, ${field} FROM ${entities} WHERE id = '\${id}'\`)`,
      );
    },
  },
  'unhandled-null': {
    kind: 'unhandled-null',
    describe: ({ entity }) =>
      `get() reads ${entity}.owner_id without checking that a ${entity} was found: a missing id throws a TypeError (500) instead of answering 404`,
    confirmation: ({ entity }) => ({ by: 'test', testName: `get answers 404 for an id no ${entity} has` }),
    excludes: ['missing-authorisation'],
    apply(files, { entity, entities }) {
      replaceOnce(
        files,
        `src/${entities}-service.js`,
        `    if (${entity} === null) throw new HttpError(404, '${entity} not found');\n    if (`,
        `    if (${marker('unhandled-null')}`,
      );
    },
  },
  'pagination-off-by-one': {
    kind: 'pagination-off-by-one',
    describe: () => 'the offset is page × page size, so page 1 skips the first page of rows (off by one)',
    confirmation: ({ entities }) => ({
      by: 'test',
      testName: `list pages through the owner's ${entities}, oldest first, without gaps or overlap`,
    }),
    apply(files, { entities }) {
      replaceOnce(
        files,
        `src/${entities}-repository.js`,
        'const offset = (page - 1) * pageSize;',
        `const offset = page * pageSize;${marker('pagination-off-by-one')}`,
      );
    },
  },
  'missing-await': {
    kind: 'missing-await',
    describe: () =>
      'saveSettings() does not await the repository, so it answers with a pending promise instead of the saved row',
    confirmation: () => ({
      by: 'test',
      testName: 'saveSettings answers 200 with the settings, and a second save replaces the first',
    }),
    apply(files, { entities, setting }) {
      replaceOnce(
        files,
        `src/${entities}-service.js`,
        `const settings = await this.repository.saveSettings(user.id, ${camel(setting)});`,
        `const settings = this.repository.saveSettings(user.id, ${camel(setting)});${marker('missing-await')}`,
      );
    },
  },
  'contradicting-status': {
    kind: 'contradicting-status',
    describe: ({ entity }) => `create() answers 200 where SPEC.md says 201 for a new ${entity}`,
    confirmation: ({ entity }) => ({ by: 'test', testName: `create answers 201 with the new ${entity}` }),
    apply(files, { entity, entities }) {
      replaceOnce(
        files,
        `src/${entities}-service.js`,
        `return { status: 201, body: ${entity} };`,
        `return { status: 200, body: ${entity} };${marker('contradicting-status')}`,
      );
    },
  },
  'missing-authorisation': {
    kind: 'missing-authorisation',
    describe: ({ entity }) =>
      `get() never checks that the ${entity} belongs to the user: anyone can read anyone's ${entity} (SPEC.md says 403)`,
    confirmation: ({ entity }) => ({
      by: 'test',
      testName: `get answers 403 for the ${entity} of another user`,
    }),
    excludes: ['unhandled-null'],
    apply(files, { entity, entities }) {
      replaceOnce(
        files,
        `src/${entities}-service.js`,
        `    if (${entity}.owner_id !== user.id) throw new HttpError(403, 'this ${entity} belongs to another user');\n    return`,
        `    return${marker('missing-authorisation')}`,
      );
    },
  },
};

/** A seeded error as the key records it: where it stands once every marker is gone. */
export interface SeededError {
  kind: SeededErrorKind;
  file: string;
  line: number;
  what: string;
}

/**
 * Applies the operators to a copy of the reference and returns the mutated files with each error's
 * file and line, found from its marker; the markers are removed from the files returned.
 */
export function applyMutations(
  reference: Readonly<Record<string, string>>,
  domain: ReferenceDomain,
  kinds: readonly SeededErrorKind[],
  variant: number,
): { files: Record<string, string>; errors: SeededError[] } {
  const files = { ...reference };
  for (const kind of kinds) mutationOperators[kind].apply(files, domain, variant);
  const errors: SeededError[] = [];
  for (const [file, text] of Object.entries(files)) {
    const lines = text.split('\n');
    for (const [index, line] of lines.entries()) {
      for (const kind of kinds) {
        if (!line.includes(marker(kind))) continue;
        errors.push({ kind, file, line: index + 1, what: mutationOperators[kind].describe(domain) });
      }
    }
    files[file] = text.replace(/\/\*@@[a-z-]+@@\*\//g, '');
  }
  const missing = kinds.filter((kind) => !errors.some((error) => error.kind === kind));
  if (missing.length > 0) throw new Error(`seeded errors without a marker: ${missing.join(', ')}`);
  return { files, errors: errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line) };
}
