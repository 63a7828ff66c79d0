import { BatonError } from '../core/errors.js';
import { closestMatch } from '../core/suggest.js';
import { createApiCheck } from './api/api-check.js';
import type { Check } from './check.js';
import { createEdgeCasesCheck } from './edge-cases/edge-cases-check.js';
import { createPerformanceCheck } from './performance/performance-check.js';
import { createSecurityCheck } from './security/security-check.js';
import { createSqlCheck } from './sql/sql-check.js';
import { createTestsCheck } from './tests/tests-check.js';
import { createTypesCheck } from './types/types-check.js';

/** The ids of the built-in checks, in the order they are listed and reported. */
export const builtInCheckIds = [
  'types',
  'api',
  'tests',
  'sql',
  'performance',
  'security',
  'edge-cases',
] as const;
export type BuiltInCheckId = (typeof builtInCheckIds)[number];

/** Every built-in check, fresh (checks hold no state between runs, but sessions may keep one set). */
export function createBuiltInChecks(): Check[] {
  return [
    createTypesCheck(),
    createApiCheck(),
    createTestsCheck(),
    createSqlCheck(),
    createPerformanceCheck(),
    createSecurityCheck(),
    createEdgeCasesCheck(),
  ];
}

/** Picks checks by id; an unknown id is a usage error that names the closest known one. */
export function selectChecks(available: readonly Check[], ids: readonly string[] | undefined): Check[] {
  if (!ids || ids.length === 0) return [...available];
  const known = available.map((check) => check.id);
  for (const id of ids) {
    if (!known.includes(id)) {
      const intended = closestMatch(id, known);
      throw new BatonError({
        code: 'VERIFY_UNKNOWN_CHECK',
        message: `Unknown check "${id}".${intended ? ` Did you mean "${intended}"?` : ''}`,
        hint: `Choose from: ${known.join(', ')}.`,
      });
    }
  }
  return available.filter((check) => ids.includes(check.id));
}
