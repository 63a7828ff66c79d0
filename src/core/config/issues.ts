import type { z } from 'zod';
import { BatonError } from '../errors.js';
import type { SourceDocument } from '../source-position.js';
import { closestMatch } from '../suggest.js';

/** Where a config layer came from, so an error can point at it. */
export type ConfigSource =
  | { kind: 'file'; path: string; document?: SourceDocument }
  | { kind: 'env'; variables: Readonly<Record<string, string>> }
  | { kind: 'flags' };

export interface ConfigIssue {
  /** `file:line:column`, an environment variable, or a flag. */
  where: string;
  key: string;
  message: string;
}

function keyPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(top level)';
}

function locate(source: ConfigSource, path: readonly (string | number)[], of: 'value' | 'key'): string {
  switch (source.kind) {
    case 'file': {
      if (!source.document) return source.path;
      const { line, column } = source.document.positionOf(path, of);
      return `${source.path}:${line}:${column}`;
    }
    case 'env':
      return `environment variable ${source.variables[String(path[0])] ?? String(path[0])}`;
    case 'flags':
      return `flag --${String(path[0])}`;
  }
}

function describeReceived(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value)}`
    : `${typeof value} ${JSON.stringify(value)}`;
}

/** Turns zod's issues into messages that name where, which key, what was expected and what was found. */
export function describeConfigIssues(
  issues: readonly z.core.$ZodIssue[],
  source: ConfigSource,
  input: unknown,
  knownKeys: readonly string[],
): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const suggestion = closestMatch(key, knownKeys);
        return {
          where: locate(source, [...path, key], 'key'),
          key: keyPath([...path, key]),
          message: `unknown key "${key}"${suggestion ? `; did you mean "${suggestion}"?` : ''} Known keys: ${knownKeys.join(', ')}.`,
        };
      });
    }
    const received = path.reduce<unknown>(
      (value, segment) =>
        value && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined,
      input,
    );
    let message: string;
    if (issue.code === 'invalid_type') {
      message = `expected ${issue.expected}, got ${describeReceived(received)}`;
    } else if (issue.code === 'invalid_value') {
      message = `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, got ${describeReceived(received)}`;
    } else {
      message = `${issue.message} (got ${describeReceived(received)})`;
    }
    return [{ where: locate(source, path, 'value'), key: keyPath(path), message }];
  });
}

function byPosition(left: ConfigIssue, right: ConfigIssue): number {
  const position = (where: string) => /^(.*):(\d+):(\d+)$/.exec(where) ?? [where, where, '0', '0'];
  const [, leftFile = '', leftLine = '0', leftColumn = '0'] = position(left.where);
  const [, rightFile = '', rightLine = '0', rightColumn = '0'] = position(right.where);
  return (
    leftFile.localeCompare(rightFile) ||
    Number(leftLine) - Number(rightLine) ||
    Number(leftColumn) - Number(rightColumn)
  );
}

export function configInvalidError(issues: readonly ConfigIssue[]): BatonError {
  const lines = [...issues]
    .sort(byPosition)
    .map((issue) => `  ${issue.where}: ${issue.key}: ${issue.message}`);
  return new BatonError({
    code: 'CONFIG_INVALID',
    message: `Invalid configuration (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):\n${lines.join('\n')}`,
    hint: 'Fix the keys named above; README "Configuration" lists every key with its type and default.',
    details: { issues },
  });
}
