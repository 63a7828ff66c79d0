import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import type { Finding } from '../finding.js';
import { sqlTestContext } from './__fixtures__/sql-test-context.js';
import { findCodeIntents } from './code-intent.js';
import { readPlanIntents } from './plan-intent.js';
import { createSqlCheck } from './sql-check.js';

const corpus = join(import.meta.dirname, '__fixtures__', 'corpus');

function intentsOf(code: string) {
  const sourceFile = ts.createSourceFile('src/a.ts', code, ts.ScriptTarget.Latest, true);
  return findCodeIntents(sourceFile, 'src/a.ts').map((intent) => [intent.kind, intent.table, intent.columns]);
}

const unique = (findings: Finding[]) =>
  findings.filter((finding) => finding.ruleId === 'sql/one-per-parent-needs-unique');

const sqliteSchema = [
  'CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL);',
  'CREATE TABLE carts (',
  '  id INTEGER PRIMARY KEY AUTOINCREMENT,',
  '  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE',
  ');',
  'CREATE INDEX carts_user_id ON carts (user_id);',
  '',
].join('\n');

const plan = [
  'feature:',
  '  name: Shopping cart',
  'components:',
  '  - id: cart-schema',
  '    title: Cart tables',
  '    kind: schema',
  '    files: [migrations/**]',
  '    acceptance:',
  '      - Each user has exactly one cart, created on first use',
  '  - id: cart-api',
  '    title: Cart endpoints',
  '    kind: api',
  '    files: [src/**]',
  '    acceptance:',
  '      - One cart per user; adding an item to a missing cart creates it',
  '',
].join('\n');

describe('one row per parent, by intent', () => {
  let project: FixtureProject | undefined;
  afterEach(() => project?.remove());

  it('reads upserts, LIMIT 1 reads and findFirst calls, and leaves existence tests and ordered reads alone', () => {
    expect(
      intentsOf(
        [
          `db.query(\`INSERT INTO baskets (owner_id, items) VALUES ($1, \${items}) ON CONFLICT (owner_id) DO NOTHING\`);`,
          "db.query('SELECT * FROM lockers l WHERE l.owner_id = $1 LIMIT 1');",
          'prisma.cart.findFirst({ where: { userId } });',
          'db.query.carts.findFirst({ where: eq(carts.userId, id) });',
          "db.query('SELECT 1 FROM orders WHERE owner_id = $1 LIMIT 1');",
          "db.query('SELECT * FROM orders WHERE owner_id = $1 ORDER BY id DESC LIMIT 1');",
          "db.query('SELECT * FROM orders WHERE owner_id = $1 AND state = $2 LIMIT 1');",
          "prisma.order.findFirst({ where: { userId }, orderBy: { id: 'desc' } });",
          'prisma.order.findFirst({ where: { userId, paid: true } });',
        ].join('\n'),
      ),
    ).toEqual([
      ['upsert', 'baskets', ['owner_id']],
      ['limit-one', 'lockers', ['owner_id']],
      ['find-first', 'cart', ['userId']],
      ['find-first', 'carts', ['userId']],
    ]);
  });

  it('reads upserts and one-row reads written with Drizzle and knex', () => {
    expect(
      intentsOf(
        [
          'db.insert(carts).values({ userId }).onConflictDoUpdate({ target: carts.userId, set: { items } });',
          'db.insert(carts).values(row).onConflictDoNothing({ target: [carts.userId, carts.shopId] });',
          "knex('carts').insert({ user_id: id }).onConflict('user_id').merge();",
          "knex('carts').where({ user_id: id }).first();",
          "knex.from('carts').where('user_id', id).first();",
          "knex('orders').where('user_id', id).orderBy('id', 'desc').first();",
          "knex('orders').where({ user_id: id, paid: true }).first();",
          "knex('orders').where('total', '>', 10).first();",
        ].join('\n'),
      ),
    ).toEqual([
      ['upsert', 'carts', ['userId']],
      ['upsert', 'carts', ['userId', 'shopId']],
      ['upsert', 'carts', ['user_id']],
      ['limit-one', 'carts', ['user_id']],
      ['limit-one', 'carts', ['user_id']],
    ]);
  });

  it('reads "one X per Y" and "each Y has one X" in plan text', () => {
    const text =
      'Each user has exactly one cart.\nA single shopping basket per owner.\nUsers have many orders.';
    expect(
      readPlanIntents([text], text, '/p/plan.yaml').map((intent) => [
        intent.child,
        intent.parent,
        intent.line,
      ]),
    ).toEqual([
      ['shopping basket', 'owner', 2],
      ['cart', 'user', 1],
    ]);
  });

  it('names the upsert that needs the UNIQUE, and PostgreSQL rejecting it, and the LIMIT 1 read', async () => {
    project = createFixtureProject({ from: join(corpus, 'baskets-upsert') });
    const findings = unique(await createSqlCheck().run(sqlTestContext(project.root)));
    expect(findings.map((finding) => [finding.range.startLine, finding.severity])).toEqual([
      [8, 'error'],
      [15, 'warning'],
    ]);
    const [baskets, lockers] = findings;
    expect(baskets?.message).toContain(
      'the code upserts with INSERT INTO baskets … ON CONFLICT (owner_id) (src/baskets.ts:6)',
    );
    expect(baskets?.message).toContain(
      'PostgreSQL rejects that statement on the migrated schema: "there is no unique or exclusion constraint matching the ON CONFLICT specification"',
    );
    expect(baskets?.suggestion).toBe(
      'ALTER TABLE baskets ADD CONSTRAINT baskets_owner_id_key UNIQUE (owner_id);',
    );
    expect(lockers?.message).toContain(
      'the code reads one row per owner_id with SELECT … FROM lockers WHERE owner_id = … LIMIT 1 (src/baskets.ts:13)',
    );
  }, 60_000);

  it('takes the plan at its word on SQLite, for the component verified, and is quiet once the UNIQUE is there', async () => {
    project = createFixtureProject({ files: { 'migrations/001_init.sql': sqliteSchema, 'plan.yaml': plan } });
    const component = (id: string) => ({
      id,
      planFile: join(project?.root ?? '', 'plan.yaml'),
      planRoot: project?.root ?? '',
      edgeCases: [],
    });
    const check = createSqlCheck();
    const [fromSchema] = unique(
      await check.run(sqlTestContext(project.root, { component: component('cart-schema') })),
    );
    expect(fromSchema).toMatchObject({
      file: 'migrations/001_init.sql',
      range: { startLine: 4 },
      severity: 'error',
    });
    expect(fromSchema?.message).toContain('the plan says "Each user has exactly one cart" (plan.yaml:9)');
    expect(fromSchema?.suggestion).toBe('CREATE UNIQUE INDEX carts_user_id_key ON carts (user_id);');
    const [fromApi] = unique(
      await check.run(sqlTestContext(project.root, { component: component('cart-api') })),
    );
    expect(fromApi?.message).toContain('the plan says "One cart per user" (plan.yaml:15)');
    expect(unique(await check.run(sqlTestContext(project.root)))).toEqual([]);
    project.write(
      'migrations/002_unique.sql',
      'CREATE UNIQUE INDEX carts_one_per_user ON carts (user_id);\n',
    );
    expect(
      unique(await check.run(sqlTestContext(project.root, { component: component('cart-schema') }))),
    ).toEqual([]);
  });

  it('proves an upsert on SQLite too, and reads Prisma findFirst through @@map', async () => {
    project = createFixtureProject({
      files: {
        'migrations/001_init.sql': sqliteSchema,
        'src/cart.ts':
          "export const save = (db, id) => db.prepare('INSERT INTO carts (user_id) VALUES (?) ON CONFLICT (user_id) DO NOTHING').run(id);\n",
      },
    });
    const [upsert] = unique(await createSqlCheck().run(sqlTestContext(project.root)));
    expect(upsert?.message).toContain(
      'SQLite rejects that statement on the migrated schema: "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint"',
    );
    project.remove();
    project = createFixtureProject({ from: join(corpus, 'prisma-sqlite') });
    const findings = await createSqlCheck().run(sqlTestContext(project.root));
    expect(findings.map((finding) => [finding.ruleId, finding.range.startLine])).toEqual([
      ['sql/one-per-parent-needs-unique', 12],
    ]);
    expect(findings[0]?.message).toContain(
      'the code reads the first row per userId with cart.findFirst({ where: { userId } }) (src/cart.ts:7)',
    );
    expect(findings[0]?.hint).toContain('@unique');
  });
});
