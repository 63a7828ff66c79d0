import ts from 'typescript';
import { objectLiteralOf, propertyOf, skipOuter } from '../file-facts.js';
import { madeFromPackage, packageOrigin } from '../package-origin.js';
import { programArguments, programKind, scriptArguments } from './program-arguments.js';
import type { SinkCall, SinkUse } from './sink-use.js';

const childProcessFunctions = ['exec', 'execSync', 'execFile', 'execFileSync', 'spawn', 'spawnSync', 'fork'];
const vmFunctions = [
  'runInNewContext',
  'runInThisContext',
  'runInContext',
  'compileFunction',
  'Script',
  'SourceTextModule',
];

/** A child_process call: the command for exec, and for the others only what a shell gets to read. */
function childProcessSinks({ callee, call, checker }: SinkCall): SinkUse[] {
  const label = `child_process.${callee.name}`;
  const [command, second, third] = call.arguments ?? [];
  if (!command) return [];
  if (callee.name === 'exec' || callee.name === 'execSync') return [{ kind: 'shell', value: command, label }];
  const listGiven = second !== undefined && programArguments(checker, second) !== undefined;
  const options =
    listGiven || (second && ts.isArrayLiteralExpression(skipOuter(second))) ? third : (third ?? second);
  const shellOption = propertyOf(objectLiteralOf(checker, options), 'shell');
  const usesShell = shellOption !== undefined && skipOuter(shellOption).kind !== ts.SyntaxKind.FalseKeyword;
  const programArgumentList = second && skipOuter(second);
  if (usesShell) {
    const uses: SinkUse[] = [{ kind: 'shell', value: command, label }];
    if (programArgumentList && ts.isArrayLiteralExpression(programArgumentList)) {
      for (const element of programArgumentList.elements) uses.push({ kind: 'shell', value: element, label });
    } else if (programArgumentList) uses.push({ kind: 'shell', value: programArgumentList, label });
    return uses;
  }
  const kind = programKind(checker, command);
  // Outside data choosing the program itself runs whatever the attacker names.
  if (kind === 'data') return [{ kind: 'shell', value: command, label }];
  if (kind === 'other') return [];
  const elements = listGiven ? programArguments(checker, second) : undefined;
  return (elements ? scriptArguments(checker, elements, kind) : []).map((script) => {
    const use: SinkUse = { kind, value: script.value, label };
    if (script.at) use.at = script.at;
    return use;
  });
}

/** Packages with child_process.spawn's shape: a program, its arguments, options with `shell`. */
const spawnLikeModules = new Set(['cross-spawn', 'cross-spawn-async', 'foreground-child']);
/** Packages whose call runs its command through a shell (remote-exec: the second argument, on a remote host). */
const shellCommandModules = new Set(['exec', 'exec-async', 'child-process-promise', 'remote-exec']);
const execaCommandRunners = new Set(['shell', 'shellSync', 'stdout', 'stderr', 'sync', 'node']);

/** A program named by data rather than by code: outside data choosing it runs whatever the attacker names. */
function programSinks(program: ts.Expression, label: string): SinkUse[] {
  return ts.isStringLiteralLike(skipOuter(program)) ? [] : [{ kind: 'shell', value: program, label }];
}

/** Shell commands: child_process, execa, shelljs. */
export function shellSinks(sinkCall: SinkCall): SinkUse[] | undefined {
  const { callee, checker, callArguments, first, second, receiverText } = sinkCall;
  const { module, name, receiver, text } = callee;
  if (module === 'child_process' || (receiver && /child_?process|^cp$/i.test(receiverText))) {
    if (childProcessFunctions.includes(name)) return childProcessSinks(sinkCall);
    return [];
  }
  if (module === 'execa' && (name === 'execaCommand' || name === 'execaCommandSync' || name === 'command'))
    return [{ kind: 'shell', value: first, label: text }];
  // Older execa's shell helpers run their first argument through a shell; its runners take it as the program.
  if (module === 'execa' && execaCommandRunners.has(name)) return programSinks(first, text);
  if (module && spawnLikeModules.has(module))
    return childProcessSinks({ ...sinkCall, callee: { ...callee, name: 'spawn' } });
  if (module && shellCommandModules.has(module)) {
    const command = module === 'remote-exec' ? second : first;
    return command ? [{ kind: 'shell', value: command, label: text }] : [];
  }
  if (module === 'execa' && (name === 'execa' || name === 'execaSync' || name === '*')) {
    const options =
      callArguments[2] ?? (second && !ts.isArrayLiteralExpression(skipOuter(second)) ? second : undefined);
    return propertyOf(objectLiteralOf(checker, options), 'shell')
      ? [{ kind: 'shell', value: first, label: text }]
      : programSinks(first, text);
  }
  if (module === 'shelljs' && name === 'exec') return [{ kind: 'shell', value: first, label: text }];
  return remoteAndTerminalSinks(sinkCall);
}

/** Commands run elsewhere than child_process: over SSH, in a pseudo-terminal, by an opener's `command`. */
function remoteAndTerminalSinks(sinkCall: SinkCall): SinkUse[] | undefined {
  const { callee, checker, call, first, second, callArguments } = sinkCall;
  const { module, name, receiver, text } = callee;
  const fromPackage = (expression: ts.Expression | undefined, packageName: string): boolean =>
    module === packageName || (!!expression && madeFromPackage(checker, expression, packageName));
  // An SSH connection's exec runs its command in the remote user's shell.
  if (receiver && name === 'exec' && fromPackage(receiver, 'ssh2'))
    return [{ kind: 'shell', value: first, label: `${text} (ssh2)` }];
  // The stream-level SSH protocol takes (channel or want-reply flag, command).
  if (receiver && name === 'exec' && fromPackage(receiver, 'ssh2-streams'))
    return second ? [{ kind: 'shell', value: second, label: `${text} (ssh2-streams)` }] : [];
  // node-pty spawns like child_process; what is written to its terminal is typed into that program.
  if (module === 'node-pty' && name === 'spawn')
    return childProcessSinks({ ...sinkCall, callee: { ...callee, name: 'spawn' } });
  if (receiver && name === 'write' && fromPackage(receiver, 'node-pty'))
    return [{ kind: 'shell', value: first, label: `${text} (pseudo-terminal)` }];
  // opener runs its `command` option as the program that opens the target.
  if (fromPackage(call.expression, 'opener')) {
    const command = propertyOf(objectLiteralOf(checker, callArguments[1]), 'command');
    return command ? programSinks(command, `${text} command`) : [];
  }
  return undefined;
}

/** Code run from text: eval, Function, string timers, the vm module. */
export function codeSinks({ callee, checker, callArguments, first }: SinkCall): SinkUse[] | undefined {
  const { module, name, receiver } = callee;
  if (!receiver && name === 'eval' && !module) return [{ kind: 'code', value: first, label: 'eval' }];
  if (!receiver && name === 'Function' && !module)
    return callArguments.map((value) => ({ kind: 'code', value, label: 'Function' }));
  if (
    !receiver &&
    (name === 'setTimeout' || name === 'setInterval') &&
    !ts.isFunctionLike(skipOuter(first))
  ) {
    const type = checker.getTypeAtLocation(first);
    if (type.flags & ts.TypeFlags.StringLike) return [{ kind: 'code', value: first, label: name }];
    return [];
  }
  if (module === 'vm' && vmFunctions.includes(name))
    return [{ kind: 'code', value: first, label: `vm.${name}` }];
  // `window.eval(code)`: the global eval reached through the global object.
  if (name === 'eval' && receiver && isGlobalObject(checker, receiver))
    return [{ kind: 'code', value: first, label: callee.text }];
  return sandboxSinks(checker, callee, first);
}

const globalObjects = new Set(['window', 'globalThis', 'self', 'global']);

/** Whether an expression is the global object itself, not a project value of that name. */
function isGlobalObject(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  if (!ts.isIdentifier(inner) || !globalObjects.has(inner.text)) return false;
  const declarations = checker.getSymbolAtLocation(inner)?.declarations ?? [];
  return declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
}

/**
 * JavaScript sandboxes run the code they are given in the server's process, and each has known
 * escapes: vm2's `VM`/`NodeVM` `run` and `VMScript`, the sandbox package's `run`, safe-eval.
 */
function sandboxSinks(
  checker: ts.TypeChecker,
  callee: SinkCall['callee'],
  first: ts.Expression,
): SinkUse[] | undefined {
  const { module, name, receiver, text } = callee;
  if (module === 'vm2' && name === 'VMScript') return [{ kind: 'code', value: first, label: 'vm2.VMScript' }];
  if (module === 'safe-eval' && !receiver) return [{ kind: 'code', value: first, label: 'safe-eval' }];
  if (!receiver || name !== 'run') return undefined;
  const origin = packageOrigin(checker, receiver);
  return origin === 'vm2' || origin === 'sandbox' ? [{ kind: 'code', value: first, label: text }] : undefined;
}

/** Deserialisers that can build functions or objects with behaviour from their input. */
export function deserializationSinks({ callee, first, second }: SinkCall): SinkUse[] | undefined {
  const { module, name, text } = callee;
  if (module === 'node-serialize' && (name === 'unserialize' || name === '*'))
    return [{ kind: 'deserialization', value: first, label: 'node-serialize.unserialize' }];
  if (module === 'v8' && name === 'deserialize')
    return [{ kind: 'deserialization', value: first, label: 'v8.deserialize' }];
  if (
    module === 'js-yaml' &&
    (name === 'unsafeLoad' || (name === 'load' && /FULL|js\/function|unsafe/i.test(second?.getText() ?? '')))
  )
    return [{ kind: 'deserialization', value: first, label: `js-yaml.${name}` }];
  if (
    (module === 'funcster' || module === 'cryo' || module === 'serialize-to-js') &&
    /deserial|parse/i.test(name)
  )
    return [{ kind: 'deserialization', value: first, label: text }];
  return undefined;
}
