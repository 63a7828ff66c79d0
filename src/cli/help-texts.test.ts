import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './command.js';
import { collectHelpTexts, defaultHelpWidth, type HelpTexts, helpFor, renderHelp } from './help-texts.js';
import { createProgram, runCli } from './main.js';

const baton = new URL('../../bin/baton.js', import.meta.url).pathname;
const stored = new URL('../../dist/cli/commands/help.json', import.meta.url);

function capture(): { io: CliIo; output: () => string } {
  let text = '';
  const stream = {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
  };
  return { io: { stdout: stream, stderr: stream, cwd: process.cwd(), env: {} }, output: () => text };
}

/** What commander itself prints for these arguments, with the whole program built. */
async function commanderHelp(argv: string[]): Promise<string> {
  const { io, output } = capture();
  expect(await runCli(argv, io)).toBe(0);
  return output();
}

describe('help rendered at build time', () => {
  it('the built bin prints, for `baton` and every command, byte for byte what commander prints', async () => {
    if (!existsSync(stored)) throw new Error('These tests run the built CLI: run `npm run build` first.');
    const texts = JSON.parse(readFileSync(stored, 'utf8')) as HelpTexts;
    expect(Object.keys(texts)).toEqual(expect.arrayContaining(['', 'verify', 'plan', 'plan check']));
    for (const key of Object.keys(texts)) {
      const words = key === '' ? [] : key.split(' ');
      const flag = key === 'verify' ? '-h' : '--help';
      const result = spawnSync(process.execPath, [baton, ...words, flag], { encoding: 'utf8' });
      expect(result.status, key).toBe(0);
      expect(result.stdout, key).toBe(await commanderHelp([...words, flag]));
    }
  });

  it('the wide text is what commander prints on any terminal from its first width on', async () => {
    const { io } = capture();
    const program = await createProgram(io, () => {});
    const texts = collectHelpTexts(program);
    const verify = program.commands.find((command) => command.name() === 'verify');
    if (!verify) throw new Error('no verify command');
    for (const [key, command] of [
      ['', program],
      ['verify', verify],
    ] as const) {
      const text = texts[key];
      if (!text?.wideFrom) throw new Error(`no wide text for "${key}"`);
      expect(text.narrow).toBe(renderHelp(command, defaultHelpWidth));
      for (const width of [text.wideFrom, text.wideFrom + 7, 240])
        expect(renderHelp(command, width)).toBe(text.wide);
      // One column narrower, a line wraps: the stored wide text would be wrong there.
      expect(renderHelp(command, text.wideFrom - 1)).not.toBe(text.wide);
    }
  });

  it('answers only command words followed by a help flag, on widths it has a text for', () => {
    const texts: HelpTexts = {
      '': { narrow: 'root 80', wide: 'root wide', wideFrom: 120 },
      'plan check': { narrow: 'check 80', wide: 'check wide' },
    };
    expect(helpFor(texts, ['--help'], undefined)).toBe('root 80');
    expect(helpFor(texts, ['-h'], 80)).toBe('root 80');
    expect(helpFor(texts, ['--help'], 150)).toBe('root wide');
    expect(helpFor(texts, ['--help'], 100)).toBeUndefined();
    expect(helpFor(texts, ['plan', 'check', '--help'], undefined)).toBe('check 80');
    expect(helpFor(texts, ['plan', 'check', '--help'], 200)).toBeUndefined();
    expect(helpFor(texts, ['--debug', '--help'], undefined)).toBeUndefined();
    expect(helpFor(texts, ['plan', 'nothing', '--help'], undefined)).toBeUndefined();
    expect(helpFor(texts, ['plan', 'check'], undefined)).toBeUndefined();
  });
});
