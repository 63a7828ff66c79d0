/** One option as written, with its value when the value is a separate word (`--import tsx`). */
export interface CommandLineOption {
  /** The option's name without a value: `--reporter` for `--reporter=dot`. */
  name: string;
  words: string[];
}

/** A runner's arguments split into options and positionals (files, folders, filters). */
export interface CommandLine {
  options: CommandLineOption[];
  positionals: string[];
}

/**
 * Splits a runner's arguments. `valueOptions` names the options whose value may be the next word;
 * with `optionsAnywhere` false (node), the first positional ends the options, as node reads them.
 */
export function splitCommandLine(
  words: readonly string[],
  valueOptions: ReadonlySet<string>,
  settings: { optionsAnywhere: boolean },
): CommandLine {
  const options: CommandLineOption[] = [];
  const positionals: string[] = [];
  let index = 0;
  while (index < words.length) {
    const word = words[index] ?? '';
    index += 1;
    if (word === '--') {
      positionals.push(...words.slice(index));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      if (!settings.optionsAnywhere) {
        positionals.push(...words.slice(index));
        break;
      }
      continue;
    }
    const equals = word.indexOf('=');
    const name = equals === -1 ? word : word.slice(0, equals);
    const next = words[index];
    if (equals === -1 && valueOptions.has(name) && next !== undefined) {
      options.push({ name, words: [word, next] });
      index += 1;
    } else {
      options.push({ name, words: [word] });
    }
  }
  return { options, positionals };
}
