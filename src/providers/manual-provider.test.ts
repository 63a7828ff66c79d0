import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createManualProvider } from './manual-provider.js';
import { generateObject } from './structured-output.js';

let directory = '';
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function manual() {
  directory = mkdtempSync(join(tmpdir(), 'baton-manual-'));
  const input = new PassThrough();
  let shown = '';
  const provider = createManualProvider({
    directory,
    input,
    output: { write: (text: string) => (shown += text) },
    pollIntervalMs: 10,
  });
  return { provider, input, shown: () => shown };
}

describe('manual provider', () => {
  it('shows the prompt, writes it to a file and takes a pasted answer ended by "."', async () => {
    const { provider, input, shown } = manual();
    const pending = provider.generate({ messages: [{ role: 'user', content: 'Write add(a, b).' }] });
    input.write('export function add(a: number, b: number) {\n\n  return a + b;\n}\n.\n');
    const result = await pending;
    expect(result.text).toBe('export function add(a: number, b: number) {\n\n  return a + b;\n}');
    expect(shown()).toContain('Write add(a, b).');
    const files = readdirSync(directory).sort();
    expect(files.some((file) => file.endsWith('.prompt.md'))).toBe(true);
    const responseFile = files.find((file) => file.endsWith('.response.md'));
    expect(responseFile && readFileSync(join(directory, responseFile), 'utf8')).toBe(result.text);
  });

  it('puts the JSON Schema in the prompt for structured output', async () => {
    const { provider, input, shown } = manual();
    const pending = generateObject(
      provider,
      { messages: [{ role: 'user', content: 'Name it.' }] },
      z.object({ name: z.string() }),
    );
    input.write('```json\n{"name":"add"}\n```\n.\n');
    const outcome = await pending;
    expect(outcome.success && outcome.value).toEqual({ name: 'add' });
    expect(shown()).toContain('"required"');
  });

  it('refuses an empty answer with MANUAL_RESPONSE_EMPTY', async () => {
    const { provider, input } = manual();
    const pending = provider.generate({ messages: [{ role: 'user', content: 'Anything?' }] });
    input.write('   \n.\n');
    await expect(pending).rejects.toMatchObject({ code: 'MANUAL_RESPONSE_EMPTY' });
  });

  it('can be cancelled while waiting', async () => {
    const { provider } = manual();
    const controller = new AbortController();
    const pending = provider.generate({
      messages: [{ role: 'user', content: 'Wait.' }],
      signal: controller.signal,
    });
    controller.abort(new Error('user pressed Ctrl-C'));
    await expect(pending).rejects.toThrow('user pressed Ctrl-C');
  });
});
