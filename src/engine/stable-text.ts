import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';

function withRealPath(path: string): string[] {
  try {
    return [...new Set([path, realpathSync(path)])];
  } catch {
    return [path];
  }
}

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Makes text that goes into a prompt the same in every run and on every machine: the attempt's
 * folder and the repository become project-relative, Baton's scratch folders `<tmp>`, and the run's
 * id `<run>`. Recorded answers are looked up by the prompt's bytes, so a path would miss them.
 */
export function createStableText(places: {
  folders: readonly string[];
  runId: string;
}): (text: string) => string {
  const folders = places.folders
    .flatMap(withRealPath)
    .filter((folder) => folder.length > 1)
    .sort((left, right) => right.length - left.length);
  const scratch = withRealPath(tmpdir()).map(
    (folder) => new RegExp(`${escapeForPattern(folder)}/baton-[A-Za-z0-9._-]+`, 'g'),
  );
  return (text) => {
    let result = text;
    for (const folder of folders) {
      result = result
        .split(`file://${folder}/`)
        .join('')
        .split(`${folder}/`)
        .join('')
        .split(folder)
        .join('.');
    }
    for (const pattern of scratch) result = result.replace(pattern, '<tmp>');
    return places.runId ? result.split(places.runId).join('<run>') : result;
  };
}
