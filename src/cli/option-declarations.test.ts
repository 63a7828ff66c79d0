import { createRequire } from 'node:module';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { BatonError } from '../core/errors.js';
import type { CommandContext } from './command.js';
import { commands } from './commands/index.js';
import type { reviewCommand } from './commands/review.js';
import type { verifyCommand } from './commands/verify.js';
import { runCli } from './main.js';
import { checkDeclarations, declareOptions, type OptionValues, readOptions } from './option-declarations.js';

const { Option } = createRequire(import.meta.url)('commander') as typeof import('commander');

type OptionsOf<Command extends { run(context: CommandContext<never>): unknown }> = Parameters<
  Command['run']
>[0]['options'];

function runIn(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: process.cwd(),
    env: {},
  };
  return runCli(argv, io).then((exitCode) => ({ exitCode, stdout, stderr }));
}

function usageError(action: () => unknown): BatonError {
  try {
    action();
  } catch (error) {
    if (BatonError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('option types come from the declarations', () => {
  it('gives `baton verify` exactly the options it declares, each with its type', () => {
    expectTypeOf<OptionsOf<typeof verifyCommand>>().toEqualTypeOf<{
      readonly format: 'text' | 'json' | 'sarif' | 'github' | 'gitlab' | 'agent';
      readonly changed?: string;
      readonly checks?: string[];
      readonly failOn?: string;
      readonly output?: string;
      readonly sarif?: string;
      readonly testFiles?: string[];
      readonly registryLookup?: boolean;
      readonly databaseUrl?: string;
      readonly plan?: string;
      readonly component?: string;
      readonly fuzz?: string | true;
      readonly allowUnsandboxed?: boolean;
      readonly watch?: boolean;
    }>();
  });

  it('makes a `--no-` switch always set, and a list an array', () => {
    expectTypeOf<OptionsOf<typeof reviewCommand>['merge']>().toEqualTypeOf<boolean>();
    expectTypeOf<OptionsOf<typeof reviewCommand>['component']>().toEqualTypeOf<string[] | undefined>();
  });

  it('turns numbers with a default into a required number', () => {
    const declarations = declareOptions({
      limit: { flags: '--limit <n>', type: 'number', description: 'how many', default: 20 },
    });
    expectTypeOf<OptionValues<typeof declarations>>().toEqualTypeOf<{ readonly limit: number }>();
  });
});

describe('readOptions', () => {
  const declarations = declareOptions({
    limit: { flags: '--limit <n>', type: 'number', description: 'how many', default: 20 },
    checks: { flags: '--checks <ids>', type: 'list', description: 'which' },
    format: { flags: '--format <format>', type: 'string', description: 'how', choices: ['text', 'json'] },
    json: { flags: '--json', type: 'boolean', description: 'as JSON' },
  });

  it('converts numbers and comma-separated lists, and leaves absent options out', () => {
    const options = readOptions('test', declarations, { limit: '5', checks: ' types, api ,,' });
    expect(options.limit).toBe(5);
    expect(options.checks).toEqual(['types', 'api']);
    expect(options.json).toBeUndefined();
    expect(Object.keys(options).sort()).toEqual(['checks', 'limit']);
  });

  it('refuses a value that is not a number, or not one of the choices, as a usage error', () => {
    const notNumber = usageError(() => readOptions('test', declarations, { limit: '5x' }));
    expect(notNumber.code).toBe('USAGE_INVALID');
    expect(notNumber.message).toBe('--limit must be a number, got "5x".');
    const notChoice = usageError(() => readOptions('test', declarations, { format: 'xml' }));
    expect(notChoice.message).toBe('Unknown --format "xml".');
    expect(notChoice.hint).toBe('Use one of: text, json.');
  });

  it('throws when a command reads an option it never declared', () => {
    const options = readOptions('test', declarations, { json: true, stray: 'value' }) as Record<
      string,
      unknown
    >;
    expect(options.json).toBe(true);
    const error = usageError(() => options.stray);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('"stray"');
    expect(() => options.outFile).toThrow(/does not declare/);
    // Serialising stays possible: JSON.stringify asks for toJSON.
    expect(JSON.stringify(options)).toBe('{"json":true}');
  });
});

describe('checkDeclarations', () => {
  it('refuses a key that is not the flag’s name, a switch that takes a value, and a bad default', () => {
    expect(() =>
      checkDeclarations('x', { outFile: { flags: '-o, --out <file>', type: 'string', description: '' } }),
    ).toThrow(/name "out"/);
    expect(() =>
      checkDeclarations('x', { json: { flags: '--json <how>', type: 'boolean', description: '' } }),
    ).toThrow(/type boolean/);
    expect(() =>
      checkDeclarations('x', {
        limit: { flags: '--limit <n>', type: 'number', description: '', default: '20' },
      }),
    ).toThrow(/not a number/);
    expect(() =>
      checkDeclarations('x', {
        format: { flags: '--format <f>', type: 'string', description: '', default: 'xml', choices: ['text'] },
      }),
    ).toThrow(/not one of its choices/);
  });

  it('accepts every command’s declarations, each key being the name commander stores the value under', () => {
    for (const command of commands) {
      const declarations = command.options ?? {};
      expect(() => checkDeclarations(command.name, declarations)).not.toThrow();
      for (const [key, declaration] of Object.entries(declarations))
        expect(new Option(declaration.flags).attributeName(), `${command.name} ${declaration.flags}`).toBe(
          key,
        );
    }
  });
});

describe('the CLI reads typed options', () => {
  it('refuses a non-number and an unknown choice with exit code 2, before the command runs', async () => {
    const limit = await runIn(['runs', '--limit', 'many']);
    expect(limit.exitCode).toBe(2);
    expect(limit.stderr).toContain('error USAGE_INVALID: --limit must be a number, got "many".');
    const format = await runIn(['report', '--format', 'pdf']);
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toContain('error USAGE_INVALID: Unknown --format "pdf".');
    expect(format.stderr).toContain('hint: Use one of: text, md, html, json.');
  });
});
