import type { Command } from 'commander';

/** Commander's width when stdout is not a terminal, and the usual terminal's. */
export const defaultHelpWidth = 80;

/** A width no help line reaches, so nothing wraps. */
const unwrappedWidth = 100_000;

/** One command's `--help` output, as commander writes it. */
export interface HelpText {
  /** At the default width of 80 columns: pipes, files and 80-column terminals. */
  narrow: string;
  /** With nothing wrapped: what a terminal at least `wideFrom` columns wide gets. */
  wide: string;
  /** The narrowest terminal that gets `wide` unchanged; absent when no width was proven to. */
  wideFrom?: number;
}

/**
 * What `baton --help` reads instead of building the program: each command's help keyed by its words
 * (`""` for `baton` itself, `"plan check"`), written by the build next to the command manifest.
 */
export type HelpTexts = Record<string, HelpText>;

/** The help commander writes for a command at a given terminal width (colours off). */
export function renderHelp(command: Command, width: number): string {
  const saved = command.configureOutput();
  command.configureOutput({ getOutHelpWidth: () => width, getOutHasColors: () => false });
  try {
    return command.helpInformation({ error: false });
  } finally {
    command.configureOutput(saved);
  }
}

function wordsOf(command: Command): string[] {
  const words: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent)
    words.unshift(current.name());
  return words;
}

function longestLine(text: string): number {
  return Math.max(...text.split('\n').map((line) => line.length));
}

/**
 * Renders the help of the program and of every command under it. The wide text holds from the
 * first width its longest line fits in, which is checked here: a width found not to hold leaves
 * wide terminals to commander itself.
 */
export function collectHelpTexts(program: Command): HelpTexts {
  const texts: HelpTexts = {};
  const visit = (command: Command): void => {
    const narrow = renderHelp(command, defaultHelpWidth);
    const wide = renderHelp(command, unwrappedWidth);
    const from = Math.max(longestLine(wide), defaultHelpWidth + 1);
    const holds = [from, from + 1, from + 40, 1000].every((width) => renderHelp(command, width) === wide);
    texts[wordsOf(command).join(' ')] = holds ? { narrow, wide, wideFrom: from } : { narrow, wide };
    for (const child of command.commands) visit(child);
  };
  visit(program);
  return texts;
}

/**
 * The help text for these command-line arguments, or undefined when they are anything but command
 * words followed by `--help` or `-h`, or the terminal's width has no stored text.
 */
export function helpFor(
  texts: HelpTexts,
  argv: readonly string[],
  terminalColumns: number | undefined,
): string | undefined {
  const last = argv.at(-1);
  if (last !== '--help' && last !== '-h') return undefined;
  const words = argv.slice(0, -1);
  if (words.some((word) => word.startsWith('-'))) return undefined;
  const text = texts[words.join(' ')];
  if (!text) return undefined;
  if (terminalColumns === undefined || terminalColumns === defaultHelpWidth) return text.narrow;
  if (text.wideFrom !== undefined && terminalColumns >= text.wideFrom) return text.wide;
  return undefined;
}
