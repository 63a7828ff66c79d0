/** File extensions Baton verifies. */
export const sourceExtensions = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'] as const;

const sourcePattern = /\.(c|m)?(t|j)sx?$/;

/** Whether a path is a source file verify checks (declaration files are inputs, not targets). */
export function isVerifiableFile(fileName: string): boolean {
  return sourcePattern.test(fileName) && !/\.d\.(c|m)?ts$/.test(fileName);
}
