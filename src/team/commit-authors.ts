import { execFile } from 'node:child_process';

export interface CommitAuthor {
  name: string;
  email: string;
}

/**
 * The author of each commit that still exists in the repository; commits git no longer has (a
 * collected branch) are left out rather than failing the whole lookup.
 */
export async function commitAuthors(
  repository: string,
  commits: readonly string[],
): Promise<Map<string, CommitAuthor>> {
  const wanted = [...new Set(commits.filter((commit) => /^[0-9a-f]{7,64}$/i.test(commit)))];
  const authors = new Map<string, CommitAuthor>();
  if (wanted.length === 0) return authors;
  const output = await new Promise<string>((resolve) => {
    execFile(
      'git',
      ['log', '--no-walk=unsorted', '--ignore-missing', '--format=%H%x00%an%x00%ae', ...wanted],
      { cwd: repository, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => resolve(error ? '' : stdout),
    );
  });
  for (const line of output.split('\n')) {
    const [sha, name, email] = line.split('\u0000');
    if (sha && name !== undefined && email !== undefined) authors.set(sha, { name, email });
  }
  // Commits are stored in full; a shortened one in the ledger still finds its author.
  for (const commit of wanted) {
    if (authors.has(commit)) continue;
    const full = [...authors.keys()].find((sha) => sha.startsWith(commit));
    const author = full ? authors.get(full) : undefined;
    if (author) authors.set(commit, author);
  }
  return authors;
}
