import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { BatonError } from '../../core/errors.js';
import { parseSourceDocument } from '../../core/source-position.js';

/**
 * Reads a candidate's answer file: undefined when it is missing, the parsed value when it has the
 * expected shape, and INTERVIEW_ANSWER_INVALID with the position and the shape expected otherwise.
 */
export function readAnswerFile<Schema extends z.ZodType>(
  path: string,
  displayPath: string,
  schema: Schema,
  expectedShape: string,
): z.infer<Schema> | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = parseSourceDocument(readFileSync(path, 'utf8'));
  if (!parsed.success) {
    const [first] = parsed.issues;
    throw new BatonError({
      code: 'INTERVIEW_ANSWER_INVALID',
      message: `${displayPath}:${first?.position.line ?? 1}:${first?.position.column ?? 1}: ${first?.message ?? 'the YAML cannot be read'}`,
      hint: `Expected ${expectedShape}.`,
      details: { file: displayPath },
    });
  }
  const result = schema.safeParse(parsed.value.value);
  if (!result.success) {
    const [issue] = result.error.issues;
    const path = issue?.path.filter((part): part is string | number => typeof part !== 'symbol') ?? [];
    const position = parsed.value.positionOf(path);
    throw new BatonError({
      code: 'INTERVIEW_ANSWER_INVALID',
      message: `${displayPath}:${position.line}:${position.column}: ${path.join('.') || 'the file'}: ${issue?.message ?? 'wrong shape'}`,
      hint: `Expected ${expectedShape}.`,
      details: { file: displayPath },
    });
  }
  return result.data;
}
