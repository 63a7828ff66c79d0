import type ts from 'typescript';

/** The program each checker belongs to, told by the analysis, for questions about the program's files. */
const programs = new WeakMap<ts.TypeChecker, ts.Program>();

/** Tells which program a checker answers for. */
export function rememberProgram(checker: ts.TypeChecker, program: ts.Program): void {
  programs.set(checker, program);
}

/** The program a checker answers for, when the analysis said. */
export function programOf(checker: ts.TypeChecker): ts.Program | undefined {
  return programs.get(checker);
}
