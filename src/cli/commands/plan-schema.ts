import { defineCommand } from '../command.js';

export const planSchemaCommand = defineCommand({
  name: 'plan schema',
  description: 'print the JSON Schema of plan files, for editor completion',
  async run({ io }) {
    const { planJsonSchema } = await import('../../plan/plan-json-schema.js');
    io.stdout.write(`${JSON.stringify(planJsonSchema(), null, 2)}\n`);
    return 0;
  },
});
