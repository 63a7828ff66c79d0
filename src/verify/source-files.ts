/** File extensions Baton verifies. */
export const sourceExtensions = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'] as const;

const sourcePattern = /\.(c|m)?(t|j)sx?$/;

/** Whether a path is a source file verify checks (declaration files are inputs, not targets). */
export function isVerifiableFile(fileName: string): boolean {
  return sourcePattern.test(fileName) && !isDeclarationFile(fileName);
}

/** Whether a path is a TypeScript declaration file: read as the types of other code, never a target itself. */
export function isDeclarationFile(fileName: string): boolean {
  return /\.d\.(c|m)?ts$/.test(fileName);
}
