import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { BatonError, describeCause } from '../../core/errors.js';
import { closestMatch } from '../../core/index.js';
import { parseSourceDocument, type SourcePath } from '../../core/source-position.js';
import type { PlanComponent } from '../../plan/index.js';
import { type AppliedVariant, applyVariant } from './apply-variant.js';
import {
  knownVariantKeys,
  type VariantInput,
  type VariantsFile,
  variantsFileSchema,
} from './variants-schema.js';

/** One problem in a variants file, at the line and column to fix. */
export interface VariantIssue {
  line: number;
  column: number;
  path: SourcePath;
  message: string;
  hint: string;
}

export type ParseVariantsResult =
  | { success: true; value: VariantsFile; positionOf: (path: SourcePath) => { line: number; column: number } }
  | { success: false; issues: VariantIssue[] };

const formatHint = 'See docs/experiments.md for the variants file format.';

function knownKeysAt(path: SourcePath): readonly string[] {
  if (path.length === 0) return knownVariantKeys.file;
  if (path.length === 2) return knownVariantKeys.variant;
  if (path[2] === 'replace' || path[2] === 'add') {
    if (path.length === 3) return knownVariantKeys.elements;
    if (path[3] === 'examples') return knownVariantKeys.example;
    if (path[3] === 'edgeCases') return knownVariantKeys.edgeCase;
  }
  if (path[2] === 'wording') return knownVariantKeys.wording;
  return [];
}

function valueAt(input: unknown, path: SourcePath): unknown {
  return path.reduce<unknown>(
    (value, segment) =>
      value && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined,
    input,
  );
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): Omit<VariantIssue, 'line' | 'column'>[] {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const name = path.length > 0 ? path.join('.') : 'the variants file';
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(path);
    return issue.keys.map((key) => {
      const suggestion = closestMatch(key, known);
      return {
        path: [...path, key],
        message: `unknown ${path.length === 3 ? 'element' : 'key'} "${key}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        hint: `Known here: ${known.join(', ')}.`,
      };
    });
  }
  const received = valueAt(input, path);
  if (issue.code === 'invalid_value') {
    const values = issue.values.map(String);
    const suggestion = typeof received === 'string' ? closestMatch(received, values) : undefined;
    return [
      {
        path,
        message: `${name}: unknown element "${String(received)}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        hint: `The prompt's elements are ${values.join(', ')}.`,
      },
    ];
  }
  if (issue.code === 'invalid_type' && received === undefined) {
    return [{ path, message: `${name} is required`, hint: formatHint }];
  }
  if (issue.code === 'too_small' && path.at(-1) === 'variants') {
    return [
      {
        path,
        message: 'an experiment needs at least two variants to compare',
        hint: 'Add a `baseline: true` variant (the prompt as the plan writes it) and one that changes it.',
      },
    ];
  }
  return [{ path, message: `${name}: ${issue.message}`, hint: formatHint }];
}

/** Parses a variants file's YAML and shape, every problem with its line and column. */
export function parseVariantsText(text: string): ParseVariantsResult {
  const parsed = parseSourceDocument(text);
  if (!parsed.success) {
    return {
      success: false,
      issues: parsed.issues.slice(0, 1).map((issue) => ({
        ...issue.position,
        path: [],
        message: issue.message,
        hint: 'Fix the YAML syntax here: indentation, unclosed quotes, duplicate keys.',
      })),
    };
  }
  const document = parsed.value;
  const result = variantsFileSchema.safeParse(document.value ?? undefined);
  if (!result.success) {
    return {
      success: false,
      issues: result.error.issues.flatMap((issue) =>
        describeIssue(issue, document.value).map((described) => ({
          ...document.positionOf(described.path, issue.code === 'unrecognized_keys' ? 'key' : 'value'),
          ...described,
        })),
      ),
    };
  }
  return { success: true, value: result.data, positionOf: (path) => document.positionOf(path) };
}

/** A variant ready to run: what the file says and the component as it prompts it. */
export interface ExperimentVariant {
  id: string;
  description: string | undefined;
  baseline: boolean;
  input: VariantInput;
  applied: AppliedVariant;
}

/** What a variant must change against: the component and the run's own provider and temperature. */
export interface VariantDefaults {
  providerId: string;
  temperature: number;
}

function isEmptyElement(element: unknown): boolean {
  if (element === undefined || element === null) return true;
  if (typeof element === 'string') return element.trim() === '';
  return Array.isArray(element) && element.length === 0;
}

/**
 * Checks that need the component: duplicate ids, one baseline at most, every other variant changes
 * something, no two variants ask the same, and nothing is dropped that the prompt does not have.
 */
export function checkVariants(
  file: VariantsFile,
  positionOf: (path: SourcePath) => { line: number; column: number },
  component: PlanComponent,
  defaults: VariantDefaults,
): { variants: ExperimentVariant[]; issues: VariantIssue[] } {
  const issues: VariantIssue[] = [];
  const at = (path: SourcePath, message: string, hint: string) =>
    issues.push({ ...positionOf(path), path, message, hint });
  const seen = new Set<string>();
  const variants: ExperimentVariant[] = [];
  /** What each variant asks, in order, to find two that ask the same. */
  const arms: unknown[] = [];
  for (const [index, input] of file.variants.entries()) {
    if (seen.has(input.id))
      at(
        ['variants', index, 'id'],
        `the variant id "${input.id}" is used twice`,
        'Give each variant its own id.',
      );
    seen.add(input.id);
    const applied = applyVariant(component, input);
    for (const wordingIndex of applied.wordingNotFound) {
      at(
        ['variants', index, 'wording', wordingIndex, 'find'],
        `"${input.wording?.[wordingIndex]?.find}" occurs nowhere in the prompt of "${component.id}"`,
        "Copy the words exactly as the plan writes them in the component's prompt elements.",
      );
    }
    for (const [dropIndex, name] of (input.drop ?? []).entries()) {
      if (!isEmptyElement(component.prompt[name])) continue;
      at(
        ['variants', index, 'drop', dropIndex],
        `drops ${name}, which the prompt of "${component.id}" does not have`,
        `Dropping an element the plan leaves empty changes nothing: remove "${name}" from drop, or drop another element.`,
      );
    }
    const changesProvider = input.provider !== undefined && input.provider !== defaults.providerId;
    const changesTemperature = input.temperature !== undefined && input.temperature !== defaults.temperature;
    const changesSomething = applied.promptChanged || changesProvider || changesTemperature;
    if (input.baseline && applied.promptChanged) {
      at(
        ['variants', index, 'baseline'],
        `the baseline "${input.id}" changes the prompt`,
        'A baseline is the prompt as the plan writes it: move the changes to another variant.',
      );
    }
    if (!input.baseline && !changesSomething) {
      at(
        ['variants', index],
        `the variant "${input.id}" changes nothing: its prompt, provider and temperature are the plan's`,
        'Drop, replace, add to or reword an element, or set another provider or temperature; mark the unchanged prompt `baseline: true`.',
      );
    }
    const arm = {
      prompt: applied.component.prompt,
      provider: input.provider ?? defaults.providerId,
      temperature: input.temperature ?? defaults.temperature,
    };
    const twin = variants[arms.findIndex((earlier) => isDeepStrictEqual(arm, earlier))];
    if (twin && changesSomething) {
      at(
        ['variants', index],
        `the variant "${input.id}" changes nothing against "${twin.id}": the same prompt, provider and temperature`,
        'Two variants that ask the same thing measure nothing between them: change one, or remove it.',
      );
    }
    arms.push(arm);
    variants.push({
      id: input.id,
      description: input.description,
      baseline: input.baseline === true,
      input,
      applied,
    });
  }
  const baselines = file.variants.flatMap((input, index) => (input.baseline ? [index] : []));
  for (const index of baselines.slice(1))
    at(
      ['variants', index, 'baseline'],
      'only one variant can be the baseline',
      'Keep `baseline: true` on one variant.',
    );
  return { variants, issues };
}

/** Reads, parses and checks a variants file; every problem is in the one error, with positions. */
export function loadVariants(
  file: string,
  cwd: string,
  component: PlanComponent,
  defaults: VariantDefaults,
): { variants: ExperimentVariant[]; text: string; hash: string; path: string } {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BatonError({
      code: 'EXPERIMENT_VARIANTS_INVALID',
      message: `Cannot read the variants file ${file}: ${describeCause(error)}`,
      hint: 'Pass the path of a YAML file with `variants:` (docs/experiments.md).',
      cause: error,
    });
  }
  const parsed = parseVariantsText(text);
  if (!parsed.success) throw variantsError(file, parsed.issues);
  const { variants, issues } = checkVariants(parsed.value, parsed.positionOf, component, defaults);
  if (issues.length > 0) throw variantsError(file, issues);
  return { variants, text, hash: createHash('sha256').update(text).digest('hex'), path };
}

function variantsError(file: string, issues: readonly VariantIssue[]): BatonError {
  const sorted = [...issues].sort((left, right) => left.line - right.line || left.column - right.column);
  return new BatonError({
    code: 'EXPERIMENT_VARIANTS_INVALID',
    message: `The variants file has ${sorted.length === 1 ? 'a problem' : `${sorted.length} problems`}:\n${sorted
      .map((issue) => `  ${file}:${issue.line}:${issue.column} ${issue.message}`)
      .join('\n')}`,
    hint: sorted[0]?.hint ?? formatHint,
    details: { issues: sorted.map((issue) => ({ file, ...issue })) },
  });
}
