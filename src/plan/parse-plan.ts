import { CORE_SCHEMA, load } from 'js-yaml';
import type { z } from 'zod';
import { closestMatch } from '../core/index.js';
import {
  parseSourceDocument,
  type SourceDocument,
  type SourcePath,
  type SourcePosition,
  type SourceSyntaxError,
} from '../core/source-position.js';
import type { PlanIssue } from './plan-issue.js';
import { type PlanFile, planFileSchema } from './plan-schema.js';

export interface ParsedPlanFile {
  input: PlanFile;
  /** The Markdown body after the front matter; empty for a YAML plan. */
  body: string;
  positionOf(path: SourcePath, of?: 'value' | 'key'): SourcePosition;
}

export type ParsePlanResult =
  | { success: true; value: ParsedPlanFile }
  | { success: false; issues: PlanIssue[] };

const schemaHint = 'Run `baton plan schema` for the plan format, or see docs/plan-format.md.';

/** Splits `---` front matter from a Markdown body; the line offset maps YAML lines back to the file. */
function splitFrontMatter(text: string): { yaml: string; body: string; lineOffset: number } | undefined {
  const lines = text.split('\n');
  if (lines[0]?.trimEnd() !== '---') return undefined;
  const end = lines.findIndex(
    (line, index) => index > 0 && (line.trimEnd() === '---' || line.trimEnd() === '...'),
  );
  if (end === -1) return undefined;
  return { yaml: lines.slice(1, end).join('\n'), body: lines.slice(end + 1).join('\n'), lineOffset: 1 };
}

function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value)}`
    : `${typeof value} ${String(value)}`;
}

const keyOrder: Record<string, readonly string[]> = {
  '': ['version', 'feature', 'root', 'defaults', 'components'],
  feature: ['name', 'description'],
  defaults: ['context', 'constraints', 'qualityBar'],
  component: [
    'id',
    'title',
    'kind',
    'dependsOn',
    'files',
    'acceptance',
    'edgeCases',
    'prompt',
    'estimateHours',
    'risks',
    'performance',
    'benchmark',
    'ownerRole',
    'owner',
  ],
  prompt: ['context', 'constraints', 'examples', 'qualityBar'],
};

function knownKeysAt(path: SourcePath): readonly string[] {
  if (path.length === 0) return keyOrder[''] ?? [];
  if (path[0] === 'components' && path.length === 2) return keyOrder.component ?? [];
  if (path[0] === 'components' && path[2] === 'prompt' && path.length === 3) return keyOrder.prompt ?? [];
  if (path[0] === 'components' && path[2] === 'acceptance') return ['criterion', 'test', 'command'];
  if (path[0] === 'components' && path[2] === 'edgeCases') return ['case', 'expect', 'test'];
  if (path[0] === 'components' && path[2] === 'benchmark')
    return ['command', 'baseline', 'budgetRatio', 'runs', 'timeoutMs'];
  if (path[0] === 'components' && path[2] === 'prompt' && path[3] === 'examples')
    return ['description', 'file', 'code'];
  return keyOrder[String(path[0])] ?? [];
}

const unionShapes: Record<string, string> = {
  acceptance: 'a sentence, or { criterion, test?, command? }',
  edgeCases: 'a sentence, or { case, expect, test? }',
  examples: 'a sentence, or { description?, file?, code? }',
};

function describeZodIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  file: string,
  positionOf: ParsedPlanFile['positionOf'],
): PlanIssue[] {
  return issues.flatMap((issue): PlanIssue[] => {
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
    const at = (where: SourcePath, of: 'value' | 'key') => ({ file, ...positionOf(where, of), path: where });
    const componentId = path[0] === 'components' ? componentIdAt(input, path[1]) : undefined;
    const base = {
      code: 'PLAN_SCHEMA' as const,
      severity: 'error' as const,
      ...(componentId ? { componentId } : {}),
    };
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(path);
      return issue.keys.map((key) => {
        const suggestion = closestMatch(key, known);
        return {
          ...base,
          ...at([...path, key], 'key'),
          message: `unknown key "${key}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
          hint: `Known keys here: ${known.join(', ')}.`,
        };
      });
    }
    const received = path.reduce<unknown>(
      (value, segment) =>
        value && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined,
      input,
    );
    const name = path.length > 0 ? path.join('.') : 'the plan';
    let message: string;
    let hint = schemaHint;
    if (path.length === 0 && (received === undefined || received === null)) {
      message = 'the plan is empty';
      hint = `Write a \`feature:\` and its \`components:\`. ${schemaHint}`;
    } else if (issue.code === 'invalid_type' && received === undefined) {
      message = `${name} is required`;
      hint = `Add \`${String(path.at(-1))}:\` here. ${schemaHint}`;
    } else if (issue.code === 'invalid_type') {
      message = `${name}: expected ${issue.expected}, got ${describeReceived(received)}`;
    } else if (issue.code === 'invalid_value') {
      const values = issue.values.map((value) => String(value));
      const suggestion = typeof received === 'string' ? closestMatch(received, values) : undefined;
      message = `${name}: expected one of ${values.join(', ')}, got ${describeReceived(received)}${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
      hint = `Use one of: ${values.join(', ')}.`;
    } else if (issue.code === 'invalid_union') {
      const list = path.find(
        (segment): segment is string => typeof segment === 'string' && segment in unionShapes,
      );
      message = `${name}: expected ${list ? unionShapes[list] : 'another shape'}, got ${describeReceived(received)}`;
    } else if (issue.code === 'too_small' && Array.isArray(received)) {
      message = `${name} must list at least ${String(issue.minimum)} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}`;
    } else {
      message = `${name}: ${issue.message} (got ${describeReceived(received)})`;
    }
    return [{ ...base, ...at(path, 'value'), message, hint }];
  });
}

function componentIdAt(input: unknown, index: unknown): string | undefined {
  if (!input || typeof input !== 'object' || typeof index !== 'number') return undefined;
  const components = (input as { components?: unknown }).components;
  const component: unknown = Array.isArray(components) ? components[index] : undefined;
  const id = component && typeof component === 'object' ? (component as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function syntaxFailure(
  issues: readonly SourceSyntaxError[],
  file: string,
  lineOffset: number,
): ParsePlanResult {
  // After the first syntax error the parser's view of the file is off, so later errors are mostly echoes.
  const [first] = issues;
  const more = issues.length - 1;
  return {
    success: false,
    issues: [
      {
        code: 'PLAN_SYNTAX',
        severity: 'error',
        message: `${first?.message ?? 'invalid YAML'}${more > 0 ? ` (and ${more} more syntax errors after it, which may follow from this one)` : ''}`,
        hint: 'Fix the YAML syntax here: check indentation, unclosed quotes and duplicate keys; quote text that contains ": " or starts with a backtick.',
        file,
        line: (first?.position.line ?? 1) + lineOffset,
        column: first?.position.column ?? 1,
        path: [],
      },
    ],
  };
}

/**
 * Parses a plan written as YAML, or as Markdown whose YAML front matter is the plan, into its validated
 * contents; every syntax or shape problem is reported at once with its line and column.
 */
export function parsePlanText(text: string, file: string): ParsePlanResult {
  const markdown = /\.(md|markdown)$/i.test(file);
  const frontMatter = markdown ? splitFrontMatter(text) : undefined;
  if (markdown && !frontMatter) {
    return {
      success: false,
      issues: [
        {
          code: 'PLAN_SYNTAX',
          severity: 'error',
          message: 'a Markdown plan must start with YAML front matter between two `---` lines',
          hint: 'Put the plan (feature, components) between a first line `---` and a closing `---`; the Markdown after it becomes the feature description.',
          file,
          line: 1,
          column: 1,
          path: [],
        },
      ],
    };
  }
  const yaml = frontMatter?.yaml ?? text;
  const lineOffset = frontMatter?.lineOffset ?? 0;
  // js-yaml reads a large plan several times faster than the position-keeping parser; that one runs only
  // when a position is asked for (an issue to report) or when js-yaml rejects the text.
  let value: unknown;
  let document: SourceDocument | undefined;
  try {
    value = load(yaml, { schema: CORE_SCHEMA });
  } catch {
    const parsed = parseSourceDocument(yaml);
    if (!parsed.success) return syntaxFailure(parsed.issues, file, lineOffset);
    document = parsed.value;
    value = document.value;
  }
  const positionOf: ParsedPlanFile['positionOf'] = (path, of) => {
    if (!document) {
      const parsed = parseSourceDocument(yaml);
      if (!parsed.success) return { line: 1 + lineOffset, column: 1 };
      document = parsed.value;
    }
    const position = document.positionOf(path, of);
    return { line: position.line + lineOffset, column: position.column };
  };
  const result = planFileSchema.safeParse(value);
  if (!result.success) {
    return { success: false, issues: describeZodIssues(result.error.issues, value, file, positionOf) };
  }
  return { success: true, value: { input: result.data, body: frontMatter?.body ?? '', positionOf } };
}
