import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planJsonSchema } from './plan-json-schema.js';

describe('planJsonSchema', () => {
  it('describes every component key, with the kinds and owner roles as enums', () => {
    const schema = planJsonSchema() as {
      properties: {
        components: { items: { properties: Record<string, { enum?: string[] }>; required: string[] } };
      };
    };
    const component = schema.properties.components.items;
    expect(component.required).toEqual(['id', 'title', 'kind', 'files']);
    expect(component.properties.kind?.enum).toEqual(['schema', 'api', 'ui', 'integration', 'test', 'other']);
    expect(component.properties.ownerRole?.enum).toEqual(['senior', 'mid', 'junior']);
    expect(Object.keys(component.properties)).toContain('edgeCases');
  });

  it('matches the copy the example ships for editors (regenerate with `baton plan schema`)', () => {
    const shipped = readFileSync(
      new URL('../../examples/notification-preferences/plan.schema.json', import.meta.url),
      'utf8',
    );
    expect(JSON.parse(shipped)).toEqual(planJsonSchema());
  });
});
