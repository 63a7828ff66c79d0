import { z } from 'zod';
import { benchmarkBudgetSchema, triageReasons } from '../core/index.js';

export const componentKinds = ['schema', 'api', 'ui', 'integration', 'test', 'other'] as const;
export type ComponentKind = (typeof componentKinds)[number];

export const ownerRoles = ['senior', 'mid', 'junior'] as const;
export type OwnerRole = (typeof ownerRoles)[number];

const text = z.string();

const acceptanceCriterionSchema = z.union([
  text.describe('A criterion in words; verifiable only when written as an object with `test` or `command`.'),
  z.strictObject({
    criterion: text.describe('What must be true when the component is done.'),
    test: text
      .min(1)
      .optional()
      .describe('The test that proves it: `path/to/file.test.ts` or `path/to/file.test.ts > test name`.'),
    command: text
      .min(1)
      .optional()
      .describe('A command whose exit status proves it, such as `npm run typecheck`.'),
  }),
]);

const edgeCaseSchema = z.union([
  text.describe('An edge case in words, such as "user with no preferences row: return the defaults".'),
  z.strictObject({
    case: text.describe('The situation, such as "user with no preferences row".'),
    expect: text.optional().describe('What the code must do then, such as "GET returns the defaults".'),
    test: text.min(1).optional().describe('The test that covers it, in the same form as an acceptance test.'),
  }),
]);

const exampleSchema = z.union([
  text.describe('An example in words.'),
  z.strictObject({
    description: text.optional().describe('What the example shows.'),
    file: text.min(1).optional().describe('A file in the repository to follow as the pattern.'),
    code: text.optional().describe('Code to follow as the pattern.'),
  }),
]);

const promptElementsSchema = z.strictObject({
  context: text.optional().describe('Frames the problem: the stack, where the code lives, what exists.'),
  constraints: z.array(text).optional().describe('Boundaries: language, libraries, what must not change.'),
  examples: z.array(exampleSchema).optional().describe('The pattern to follow: a file or code.'),
  qualityBar: z.array(text).optional().describe('Expectations: error handling, comments, tests.'),
});

const componentSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]*$/,
      'an id is lower-case letters, digits and dashes, such as "preferences-api"',
    )
    .describe('A unique, stable id, referred to by `dependsOn`.'),
  title: text.min(1).describe('What the component is, in a few words.'),
  kind: z.enum(componentKinds).describe('schema, api, ui, integration, test or other.'),
  dependsOn: z.array(text).optional().describe('Ids of components that must be done first.'),
  files: z
    .array(text.min(1))
    .min(1)
    .describe('Globs, relative to the plan root, of the files the component may create or change.'),
  acceptance: z.array(acceptanceCriterionSchema).optional().describe('What must be true when it is done.'),
  edgeCases: z
    .array(edgeCaseSchema)
    .optional()
    .describe('Corner cases and how to handle them; the "edge cases" prompt element.'),
  prompt: promptElementsSchema
    .optional()
    .describe('The other four prompt elements: context, constraints, examples, quality bar.'),
  estimateHours: z.number().positive().optional().describe('Hours it would take to write directly.'),
  risks: z
    .array(z.enum(triageReasons))
    .optional()
    .describe('Risk flags set by hand; each is a triage reason.'),
  performance: text
    .min(1)
    .optional()
    .describe(
      'A performance annotation, such as "p95 < 20 ms at 500 requests/s"; marks it performance-critical.',
    ),
  benchmark: benchmarkBudgetSchema
    .optional()
    .describe(
      'A benchmark budget `baton verify --plan … --component …` enforces: `command` timed against `baseline` in the same run, at most `budgetRatio` times slower.',
    ),
  ownerRole: z.enum(ownerRoles).optional().describe('Who should own it: senior, mid or junior.'),
  owner: text
    .min(1)
    .optional()
    .describe('The person who owns it, by their name on the team; `baton team assign` writes it.'),
});

/** The plan file as written, YAML or the front matter of a Markdown file. */
export const planFileSchema = z
  .strictObject({
    version: z.literal(1).optional().describe('The plan format version.'),
    feature: z
      .strictObject({
        name: text.min(1).describe('The feature, in a few words.'),
        description: text
          .optional()
          .describe('The brief; in a Markdown plan, the body is used when this is absent.'),
      })
      .describe('The feature the components build together.'),
    root: text
      .min(1)
      .optional()
      .describe('The repository folder that `files` globs are relative to; default: the plan file’s folder.'),
    defaults: z
      .strictObject({
        context: text.optional(),
        constraints: z.array(text).optional(),
        qualityBar: z.array(text).optional(),
      })
      .optional()
      .describe('Prompt elements every component starts from.'),
    components: z.array(componentSchema).min(1).describe('The components, in any order.'),
  })
  .describe('A Baton plan: a feature decomposed into components.');

export type PlanFile = z.infer<typeof planFileSchema>;
export type PlanFileComponent = PlanFile['components'][number];
