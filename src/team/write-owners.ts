import { isMap, isScalar, isSeq, type Pair, parseDocument } from 'yaml';
import { BatonError } from '../core/errors.js';

interface TextEdit {
  at: number;
  end: number;
  text: string;
}

const yamlWords = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;

/** A name as a YAML scalar: plain when it reads back as the same string, double-quoted otherwise. */
function scalarText(name: string): string {
  return /^[A-Za-z][\w .'-]*$/.test(name) && !/\s$/.test(name) && !yamlWords.test(name) && !/ #|: /.test(name)
    ? name
    : JSON.stringify(name);
}

/** Where the YAML starts in the file: after the opening `---` of a Markdown plan's front matter. */
function yamlStart(text: string): { start: number; end: number } {
  const firstLine = text.slice(0, text.indexOf('\n') + 1 || text.length);
  if (firstLine.trimEnd() !== '---') return { start: 0, end: text.length };
  const start = firstLine.length;
  const closing = /^(?:---|\.\.\.)[ \t]*$/m.exec(text.slice(start));
  return { start, end: closing ? start + closing.index : text.length };
}

/**
 * Writes `owner: <name>` into each named component of a plan file's text, changing nothing else: an
 * existing owner's value is replaced in place, a new one goes on the line after the component's `id`
 * at its indentation, so comments, quoting and layout stay as the person wrote them.
 */
export function writeOwners(text: string, owners: ReadonlyMap<string, string>, file: string): string {
  const { start, end } = yamlStart(text);
  const document = parseDocument(text.slice(start, end));
  const components = document.get('components', true);
  if (document.errors.length > 0 || !isSeq(components)) {
    throw new BatonError({
      code: 'PLAN_INVALID',
      message: `${file} has no \`components\` list Baton can write owners into.`,
      hint: 'Run `baton plan check` on it and fix what it reports.',
    });
  }
  const edits: TextEdit[] = [];
  for (const item of components.items) {
    if (!isMap(item)) continue;
    const keyed = (name: string) =>
      item.items.find((pair): pair is Pair => isScalar(pair.key) && pair.key.value === name);
    const id = keyed('id');
    const componentId = id && isScalar(id.value) ? String(id.value.value) : undefined;
    const owner = componentId ? owners.get(componentId) : undefined;
    if (!id || owner === undefined) continue;
    const existing = keyed('owner');
    if (existing && isScalar(existing.value) && existing.value.range) {
      const [from, to] = existing.value.range;
      edits.push({ at: start + from, end: start + to, text: scalarText(owner) });
      continue;
    }
    const idValue = id.value;
    if (!isScalar(id.key) || !id.key.range || !isScalar(idValue) || !idValue.range) continue;
    if (item.flow) {
      edits.push({
        at: start + idValue.range[1],
        end: start + idValue.range[1],
        text: `, owner: ${scalarText(owner)}`,
      });
      continue;
    }
    const keyAt = start + id.key.range[0];
    const lineStart = text.lastIndexOf('\n', keyAt - 1) + 1;
    const newline = text.indexOf('\n', start + idValue.range[1]);
    const lineEnd = newline === -1 ? text.length : newline;
    const crlf = text[lineEnd - 1] === '\r';
    const at = crlf ? lineEnd - 1 : lineEnd;
    const indent = ' '.repeat(keyAt - lineStart);
    edits.push({ at, end: at, text: `${crlf ? '\r\n' : '\n'}${indent}owner: ${scalarText(owner)}` });
  }
  let written = text;
  for (const edit of edits.sort((left, right) => right.at - left.at)) {
    written = written.slice(0, edit.at) + edit.text + written.slice(edit.end);
  }
  return written;
}
