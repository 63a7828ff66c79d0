/** The 1-based lines of a fixture source that end with `// <label>`: where a test expects (or forbids) a finding. */
export function marked(source: string, label: string): number[] {
  return source.split('\n').flatMap((line, index) => (line.endsWith(`// ${label}`) ? [index + 1] : []));
}
