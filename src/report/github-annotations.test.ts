import { describe, expect, it } from 'vitest';
import type { Finding } from '../verify/finding.js';
import { formatGithubAnnotations } from './github-annotations.js';

function finding(overrides: Partial<Finding>): Finding {
  return {
    checkId: 'api',
    ruleId: 'api/missing-member',
    severity: 'error',
    file: 'src/index.ts',
    range: { startLine: 3, startColumn: 20, endLine: 3, endColumn: 25 },
    message: '"strng" does not exist on module z. Did you mean "string"?',
    ...overrides,
  };
}

/** Reads a workflow command back the way the runner does: name, properties, unescaped message. */
function parseCommand(line: string) {
  const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescapeValue = (text: string) =>
    text
      .replaceAll('%0D', '\r')
      .replaceAll('%0A', '\n')
      .replaceAll('%3A', ':')
      .replaceAll('%2C', ',')
      .replaceAll('%25', '%');
  const properties = Object.fromEntries(
    (match[2] ?? '').split(',').map((pair) => {
      const [key = '', value = ''] = pair.split('=');
      return [key, unescapeValue(value)];
    }),
  );
  return { command: match[1], properties, message: unescapeValue(match[3] ?? '') };
}

describe('GitHub workflow annotations', () => {
  it('writes one ::error per finding with file, line, columns, a title and the hint', () => {
    const output = formatGithubAnnotations([finding({ hint: 'Use "string".' })]);
    expect(output).toBe(
      '::error file=src/index.ts,line=3,col=20,endColumn=25,title=baton api/missing-member::"strng" does not exist on module z. Did you mean "string"?%0Ahint: Use "string".\n',
    );
  });

  it('maps severities to error, warning and notice, and spans of lines to endLine', () => {
    const lines = formatGithubAnnotations([
      finding({ severity: 'warning', range: { startLine: 4, startColumn: 1, endLine: 9, endColumn: 2 } }),
      finding({ severity: 'note' }),
    ])
      .trimEnd()
      .split('\n')
      .map(parseCommand);
    expect(lines.map((line) => line.command)).toEqual(['warning', 'notice']);
    expect(lines[0]?.properties).toEqual({
      file: 'src/index.ts',
      line: '4',
      endLine: '9',
      title: 'baton api/missing-member',
    });
  });

  it('escapes what would end a property or the command, so a hostile message cannot forge another', () => {
    const output = formatGithubAnnotations([
      finding({
        file: 'src/a,b:c.ts',
        message: '100% wrong\n::error file=x::forged',
      }),
    ]);
    expect(output.trimEnd().split('\n')).toHaveLength(1);
    const parsed = parseCommand(output.trimEnd());
    expect(parsed.properties.file).toBe('src/a,b:c.ts');
    expect(parsed.message).toBe('100% wrong\n::error file=x::forged');
  });

  it('leaves the file out of a project-wide finding and writes nothing for no findings', () => {
    expect(formatGithubAnnotations([finding({ file: '.', severity: 'warning' })])).toBe(
      '::warning title=baton api/missing-member::"strng" does not exist on module z. Did you mean "string"?\n',
    );
    expect(formatGithubAnnotations([])).toBe('');
  });
});
