import { z } from 'zod';
import { planFileSchema } from './plan-schema.js';

/**
 * The plan format as a JSON Schema (draft 2020-12), for editor completion: YAML language servers read it
 * from a `# yaml-language-server: $schema=…` comment.
 */
export function planJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(planFileSchema, { target: 'draft-2020-12', io: 'input' });
  return { ...schema, title: 'Baton plan' };
}
