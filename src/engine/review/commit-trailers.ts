/** The trailers that link a commit to its run and component in the ledger (docs/review.md). */
export function batonTrailers(
  runId: string,
  componentKey: string,
  extra: Readonly<Record<string, string>> = {},
) {
  return { 'Baton-Run': runId, 'Baton-Component': componentKey, ...extra };
}

/** The trailers as `Key: value` lines: the last paragraph of a commit message, where git reads them. */
export function trailerParagraph(trailers: Readonly<Record<string, string>>): string {
  return Object.entries(trailers)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n');
}

/** Identity arguments for git when the repository has none, so a review never stops on `user.email`. */
export function identityArguments(configuredEmail: string, person: string): string[] {
  if (configuredEmail.trim() !== '') return [];
  const name = person.trim() || 'Baton';
  return ['-c', `user.name=${name}`, '-c', 'user.email=baton@localhost'];
}
