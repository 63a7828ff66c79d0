import { BatonError } from '../core/errors.js';

/** What a flag's value becomes: a switch, text, a number, or a comma-separated list. */
export type OptionType = 'boolean' | 'string' | 'number' | 'list';

/** One option of a command; its key in the declaration is the name `run` reads it by. */
export interface OptionDeclaration {
  /** Commander flags, such as `-o, --out <file>`, `--fuzz [mode]` or `--no-merge`. */
  flags: string;
  description: string;
  type: OptionType;
  /** The value when the flag is absent; `--help` shows it. */
  default?: string | number | boolean;
  /** The only values accepted; anything else is a usage error. */
  choices?: readonly string[];
}

export type OptionDeclarations = Readonly<Record<string, OptionDeclaration>>;

type Kebab<Text extends string> = Text extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${Kebab<Tail>}`
  : Text;

type LongFlag<Key extends string> = `--${Kebab<Key>}` | `--no-${Kebab<Key>}`;

/** The flag syntaxes whose long name spells `Key` (as commander names the option's value). */
export type FlagsNamed<Key extends string> =
  | LongFlag<Key>
  | `${LongFlag<Key>} ${string}`
  | `-${string}, ${LongFlag<Key>}`
  | `-${string}, ${LongFlag<Key>} ${string}`;

type Value<Declaration extends OptionDeclaration> = Declaration['type'] extends 'boolean'
  ? boolean
  : Declaration['type'] extends 'number'
    ? number
    : Declaration['type'] extends 'list'
      ? string[]
      : Declaration extends { choices: readonly (infer Choice)[] }
        ? Choice
        : Declaration['flags'] extends `${string}[${string}]`
          ? string | true
          : string;

/** A default, or a `--no-` flag (which defaults to true), means the option always has a value. */
type AlwaysSet<Declaration extends OptionDeclaration> = Declaration extends {
  default: string | number | boolean;
}
  ? true
  : Declaration['flags'] extends `${string}--no-${string}`
    ? true
    : false;

type Simplify<Shape> = { [Key in keyof Shape]: Shape[Key] } & {};

/** The options `run` receives, derived from their declarations. */
export type OptionValues<Declarations extends OptionDeclarations> = Simplify<
  {
    readonly [Key in keyof Declarations as AlwaysSet<Declarations[Key]> extends true ? Key : never]: Value<
      Declarations[Key]
    >;
  } & {
    readonly [Key in keyof Declarations as AlwaysSet<Declarations[Key]> extends true ? never : Key]?: Value<
      Declarations[Key]
    >;
  }
>;

/** Declarations whose keys must match their flags' long names, checked by the compiler. */
export type NamedDeclarations<Declarations extends OptionDeclarations> = {
  readonly [Key in keyof Declarations]: { readonly flags: FlagsNamed<Key & string> };
};

/** A group of options shared by several commands, spread into each one's declaration. */
export function declareOptions<const Declarations extends OptionDeclarations>(
  declarations: Declarations & NamedDeclarations<Declarations>,
): Declarations {
  return declarations;
}

/** The name commander stores a flag's value under: `--fail-on` is `failOn`, `--no-merge` is `merge`. */
export function attributeName(flags: string): string {
  const long = flags.split(/[ ,|]+/).find((part) => part.startsWith('--')) ?? '';
  return long
    .slice(2)
    .replace(/^no-/, '')
    .replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * Throws where a declaration contradicts itself: a key that is not its flag's name, a switch that takes
 * a value (or the reverse), a default of the wrong type or outside the choices.
 */
export function checkDeclarations(command: string, declarations: OptionDeclarations): void {
  for (const [key, declaration] of Object.entries(declarations)) {
    const where = `Option "${key}" of \`baton ${command}\``;
    if (attributeName(declaration.flags) !== key)
      throw new Error(
        `${where}: its flags "${declaration.flags}" name "${attributeName(declaration.flags)}".`,
      );
    const takesValue = /[<[]/.test(declaration.flags);
    if (takesValue !== (declaration.type !== 'boolean'))
      throw new Error(`${where}: type ${declaration.type} does not fit flags "${declaration.flags}".`);
    const defaultValue = declaration.default;
    if (defaultValue === undefined) continue;
    const expected = declaration.type === 'list' ? 'string' : declaration.type;
    if (typeof defaultValue !== expected)
      throw new Error(`${where}: default ${JSON.stringify(defaultValue)} is not a ${declaration.type}.`);
    if (declaration.choices && !declaration.choices.includes(String(defaultValue)))
      throw new Error(`${where}: default "${defaultValue}" is not one of its choices.`);
  }
}

/** The default as commander shows it in `--help` (numbers as the text a person would type). */
export function commanderDefault(declaration: OptionDeclaration): string | boolean | undefined {
  const value = declaration.default;
  return typeof value === 'number' ? String(value) : value;
}

function longFlag(flags: string): string {
  return flags.split(/[ ,|]+/).find((part) => part.startsWith('--')) ?? flags;
}

function usage(message: string, hint: string): BatonError {
  return new BatonError({ code: 'USAGE_INVALID', message, hint });
}

function convert(declaration: OptionDeclaration, raw: unknown): unknown {
  if (raw === undefined || typeof raw === 'boolean') return raw;
  const text = String(raw);
  const flag = longFlag(declaration.flags);
  if (declaration.type === 'number') {
    const number = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(number))
      throw usage(`${flag} must be a number, got "${text}".`, `Give a number, such as ${flag} 3.`);
    return number;
  }
  if (declaration.type === 'list') {
    const items = text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    // An empty list means "not given": the command falls back to its config.
    return items.length > 0 ? items : undefined;
  }
  if (declaration.choices && !declaration.choices.includes(text))
    throw usage(`Unknown ${flag} "${text}".`, `Use one of: ${declaration.choices.join(', ')}.`);
  return text;
}

/**
 * The options as `run` receives them: each declared one converted to its type and checked against its
 * choices; reading a name that was never declared throws instead of quietly giving `undefined`.
 */
export function readOptions<Declarations extends OptionDeclarations>(
  command: string,
  declarations: Declarations,
  raw: Readonly<Record<string, unknown>>,
): OptionValues<Declarations> {
  const values: Record<string, unknown> = {};
  for (const [key, declaration] of Object.entries(declarations)) {
    const value = convert(declaration, raw[key]);
    if (value !== undefined) values[key] = value;
  }
  return new Proxy(Object.freeze(values), {
    get(target, property, receiver) {
      // `toJSON` and `then` are asked by JSON.stringify and await of any object, not by a command.
      const probed = property === 'toJSON' || property === 'then';
      if (typeof property === 'string' && !probed && !Object.hasOwn(declarations, property))
        throw new BatonError({
          code: 'INTERNAL',
          message: `\`baton ${command}\` read the option "${property}", which it does not declare.`,
          hint: 'Declare the option in the command’s `options` before reading it.',
        });
      return Reflect.get(target, property, receiver);
    },
  }) as OptionValues<Declarations>;
}
