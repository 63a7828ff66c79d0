import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { BatonError } from '../../core/errors.js';
import { answerFiles, hiddenRequirementsOf, type InterviewKit } from './interview-kit.js';
import type { ConfirmedError } from './seeded-error-confirmation.js';

/** What `kit.json` holds: enough to regenerate the kit from its seed and to see whether it was edited. */
export interface KitManifest {
  format: 'baton-interview-kit';
  version: 1;
  seed: number;
  level: InterviewKit['level'];
  /** The brief of a past plan, which the seed alone cannot regenerate. */
  pastBrief?: InterviewKit['brief'];
  /** SHA-256 of every file that is not an answer file. */
  files: Record<string, string>;
}

export interface KitKey {
  format: 'baton-interview-key';
  version: 1;
  seed: number;
  level: InterviewKit['level'];
  decomposition: { brief: string; hiddenRequirements: { id: string; statement: string }[] };
  prompting: { component: string; facts: { id: string; statement: string }[]; patternFile: string };
  verification: { seededErrors: ConfirmedError[] };
  judgment: InterviewKit['verdicts'];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function kitManifest(kit: InterviewKit): KitManifest {
  const files = Object.fromEntries(
    Object.entries(kit.files)
      .filter(([path]) => !answerFiles.includes(path))
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([path, text]) => [path, sha256(text)]),
  );
  return {
    format: 'baton-interview-kit',
    version: 1,
    seed: kit.seed,
    level: kit.level,
    ...(kit.brief.source === 'past-plan' ? { pastBrief: kit.brief } : {}),
    files,
  };
}

export function kitKey(kit: InterviewKit, confirmed: readonly ConfirmedError[]): KitKey {
  return {
    format: 'baton-interview-key',
    version: 1,
    seed: kit.seed,
    level: kit.level,
    decomposition: { brief: kit.brief.id, hiddenRequirements: hiddenRequirementsOf(kit.brief) },
    prompting: {
      component: kit.prompting.component.id,
      facts: kit.prompting.facts.map(({ id, statement }) => ({ id, statement })),
      patternFile: kit.prompting.patternFile,
    },
    verification: { seededErrors: [...confirmed] },
    judgment: kit.verdicts,
  };
}

function keyText(key: KitKey): string {
  const lines = [
    `# Interviewer's key (seed ${key.seed}, ${key.level})`,
    '',
    'Keep this folder away from the candidate.',
    '',
  ];
  lines.push('## 1. Decomposition: requirements the brief leaves unsaid', '');
  for (const requirement of key.decomposition.hiddenRequirements) lines.push(`- ${requirement.statement}`);
  lines.push('', '## 2. Prompting: what the repository says', '');
  for (const fact of key.prompting.facts) lines.push(`- ${fact.statement}`);
  lines.push(`- the pattern to show the model: ${key.prompting.patternFile}`);
  lines.push('', '## 3. Verification: the seeded errors', '');
  for (const error of key.verification.seededErrors) {
    lines.push(
      `- ${error.file}:${error.line} (${error.kind}): ${error.what}. Confirmed by the ${error.confirmedBy}: ${error.evidence}`,
    );
  }
  lines.push('', '## 4. Judgment: what triage says', '');
  for (const verdict of key.judgment) {
    lines.push(
      `- ${verdict.cardId}: ${verdict.verdict}${verdict.reasons.length > 0 ? ` (${verdict.reasons.join(', ')})` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function refuseOutput(path: string, message: string): never {
  throw new BatonError({
    code: 'INTERVIEW_OUTPUT_EXISTS',
    message,
    hint: 'Name an empty or new folder for --out and another one, outside it, for --key-out.',
    details: { path },
  });
}

function isInside(child: string, parent: string): boolean {
  const path = relative(parent, child);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

/** Refuses folders that overlap (the candidate would see the key) or already hold files. */
export function assertKitFolders(out: string, keyOut: string): void {
  const kitFolder = resolve(out);
  const keyFolder = resolve(keyOut);
  if (isInside(keyFolder, kitFolder) || isInside(kitFolder, keyFolder)) {
    refuseOutput(
      keyFolder,
      `The key folder ${keyFolder} and the kit folder ${kitFolder} overlap: the candidate would see the key.`,
    );
  }
  for (const folder of [kitFolder, keyFolder]) {
    if (existsSync(folder) && readdirSync(folder).length > 0) refuseOutput(folder, `${folder} is not empty.`);
  }
}

/** Writes the kit and, in a separate folder the candidate never sees, its key. */
export function writeKit(
  kit: InterviewKit,
  confirmed: readonly ConfirmedError[],
  out: string,
  keyOut: string,
): void {
  assertKitFolders(out, keyOut);
  const kitFolder = resolve(out);
  const keyFolder = resolve(keyOut);
  for (const [path, text] of Object.entries(kit.files)) {
    mkdirSync(dirname(join(kitFolder, path)), { recursive: true });
    writeFileSync(join(kitFolder, path), text);
  }
  writeFileSync(join(kitFolder, 'kit.json'), `${JSON.stringify(kitManifest(kit), null, 2)}\n`);
  mkdirSync(keyFolder, { recursive: true });
  const key = kitKey(kit, confirmed);
  writeFileSync(join(keyFolder, 'key.json'), `${JSON.stringify(key, null, 2)}\n`);
  writeFileSync(join(keyFolder, 'KEY.md'), keyText(key));
}
