import { z } from 'zod';

/** A parameter type the fuzzer can generate values of, read from the TypeScript checker. */
export type ValueShape = (
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'literal'; values: (string | number | boolean)[] }
  | { kind: 'array'; element: ValueShape }
  | { kind: 'object'; properties: { name: string; shape: ValueShape; optional: boolean }[] }
) & { nullable: boolean; undefinable: boolean };

const flags = { nullable: z.boolean(), undefinable: z.boolean() };

export const valueShapeSchema: z.ZodType<ValueShape> = z.lazy(() =>
  z.union([
    z.object({ kind: z.enum(['string', 'number', 'boolean']), ...flags }),
    z.object({
      kind: z.literal('literal'),
      values: z.array(z.union([z.string(), z.number(), z.boolean()])),
      ...flags,
    }),
    z.object({ kind: z.literal('array'), element: valueShapeSchema, ...flags }),
    z.object({
      kind: z.literal('object'),
      properties: z.array(z.object({ name: z.string(), shape: valueShapeSchema, optional: z.boolean() })),
      ...flags,
    }),
  ]),
);

/** One exported function to fuzz. */
export const fuzzTargetSchema = z.object({
  /** `path/relative/to/root.ts#exportName`. */
  id: z.string(),
  file: z.string(),
  exportName: z.string(),
  parameters: z.array(z.object({ name: z.string(), shape: valueShapeSchema, optional: z.boolean() })),
  /** Messages (or message prefixes) of the built-in error types the file throws on purpose. */
  deliberateMessages: z.array(z.string()),
});
export type FuzzTarget = z.infer<typeof fuzzTargetSchema>;

/** What the runner is asked to do: the file it reads from its first argument. */
export const fuzzJobSchema = z.object({
  targets: z.array(fuzzTargetSchema),
  runs: z.int().positive(),
  seed: z.int(),
  /** Null and undefined for every parameter, not only where the types allow them. */
  hostile: z.boolean(),
  /** Time one function may take before the runner stops generating inputs for it. */
  perFunctionMs: z.int().positive(),
  /** Heap limit of the worker that runs the functions. */
  memoryMb: z.int().positive(),
});
export type FuzzJob = z.infer<typeof fuzzJobSchema>;

/** One line the runner prints: a function started, or how it ended. */
export const fuzzEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('start'), id: z.string() }),
  z.object({
    event: z.literal('result'),
    id: z.string(),
    /**
     * `timeout`: stopped after the time limit; `failed`: the worker running it died (memory, exit);
     * `unloadable`: its module could not be loaded, so it was never called.
     */
    status: z.enum(['passed', 'crashed', 'skipped', 'unloadable', 'timeout', 'failed']),
    runs: z.int(),
    reason: z.string().optional(),
    counterexample: z.array(z.string()).optional(),
    error: z.object({ name: z.string(), message: z.string(), frame: z.string().optional() }).optional(),
  }),
]);
export type FuzzEvent = z.infer<typeof fuzzEventSchema>;
export type FuzzResult = Extract<FuzzEvent, { event: 'result' }>;

/** The error types a function raises by accident: the runtime's own, when code meets a value it did not expect. */
export const crashErrorNames = [
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'URIError',
  'EvalError',
];
