import { z } from 'zod';

/** The five prompt elements a variant can drop, replace or add to, by their names in plan files. */
export const promptElementNames = ['context', 'constraints', 'examples', 'edgeCases', 'qualityBar'] as const;
export type PromptElementName = (typeof promptElementNames)[number];

const text = z.string();

const exampleSchema = z.union([
  text,
  z.strictObject({ description: text.optional(), file: text.min(1).optional(), code: text.optional() }),
]);

const edgeCaseSchema = z.union([
  text,
  z.strictObject({ case: text, expect: text.optional(), test: text.min(1).optional() }),
]);

/** Element values as a plan file writes them. */
const elementValues = {
  context: text.min(1),
  constraints: z.array(text.min(1)).min(1),
  examples: z.array(exampleSchema).min(1),
  edgeCases: z.array(edgeCaseSchema).min(1),
  qualityBar: z.array(text.min(1)).min(1),
};

export const variantSchema = z.strictObject({
  id: text
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
      'letters, digits, ".", "_" and "-", starting with a letter or digit',
    )
    .max(40),
  description: text.optional(),
  /** The prompt as the plan writes it: the one variant allowed to change nothing. */
  baseline: z.boolean().optional(),
  drop: z.array(z.enum(promptElementNames)).min(1).optional(),
  replace: z.strictObject(elementValues).partial().optional(),
  add: z.strictObject(elementValues).partial().optional(),
  wording: z
    .array(z.strictObject({ find: text.min(1), replace: text }))
    .min(1)
    .optional(),
  provider: text.min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
});

export const variantsFileSchema = z.strictObject({
  version: z.literal(1).optional(),
  variants: z.array(variantSchema).min(2),
});

export type VariantInput = z.infer<typeof variantSchema>;
export type VariantsFile = z.infer<typeof variantsFileSchema>;

/** Keys known at each level, for "did you mean" on an unknown one. */
export const knownVariantKeys = {
  file: ['version', 'variants'],
  variant: Object.keys(variantSchema.shape),
  elements: [...promptElementNames],
  wording: ['find', 'replace'],
  example: ['description', 'file', 'code'],
  edgeCase: ['case', 'expect', 'test'],
} as const;
