import type { TriageVerdict } from '../core/config/planning-settings.js';
import { verifyCheckIds } from '../core/config/verify-settings.js';
import type { ComponentKind } from '../plan/plan-schema.js';
import type { Check } from '../verify/index.js';

/** The checks each kind of component must pass; the kinds are the plan schema's. */
const checksByKind: Readonly<Record<ComponentKind, readonly string[]>> = {
  schema: ['types', 'api', 'sql'],
  api: ['types', 'api', 'tests'],
  integration: ['types', 'api', 'tests'],
  test: ['tests'],
  ui: ['types', 'api'],
  other: ['types', 'api', 'tests'],
};

/**
 * Checks that join every gate whose touched files they apply to, whatever the kind or triage said:
 * security on any source (request data, databases, shells, files and HTML sinks can be reached from
 * any of it), performance's static smells likewise, and sql on migrations. All three are quick on
 * the few files one component writes.
 */
const checksByTouchedFiles = ['security', 'performance', 'sql'] as const;

/** What orchestrate+verify adds on top, where those checks are installed. */
const extraVerificationChecks = ['edge-cases', 'security', 'performance'] as const;

export interface RequiredChecks {
  /** Installed checks the component must pass, in a stable order. */
  run: string[];
  /** Checks its kind or triage asks for that are not installed here. */
  unavailable: string[];
  /** Checks the gate would run that `verify.checks` in the config leaves out. */
  excluded: string[];
}

export interface RequiredChecksInput {
  kind: ComponentKind;
  verdict: TriageVerdict | undefined;
  installed: readonly Pick<Check, 'id' | 'appliesTo'>[];
  /** The files the component's edits touched, absolute. */
  touchedFiles: readonly string[];
  /** `verify.checks` from the config: the built-in checks a gate may run. @default every one */
  configured?: readonly string[] | undefined;
}

/**
 * The gate for one component: its kind's checks, every check in `checksByTouchedFiles` that applies
 * to a file it touched, and, when triage said orchestrate+verify, every further check installed.
 * Triage only adds to the gate. `verify.checks` limits built-in checks here as it does for `baton verify`.
 */
export function requiredChecks(input: RequiredChecksInput): RequiredChecks {
  const { installed, touchedFiles } = input;
  const wanted = [...checksByKind[input.kind]];
  const add = (id: string) => {
    if (!wanted.includes(id)) wanted.push(id);
  };
  for (const id of checksByTouchedFiles) {
    const check = installed.find((candidate) => candidate.id === id);
    if (check && touchedFiles.some((file) => check.appliesTo(file))) add(id);
  }
  if (input.verdict === 'orchestrate+verify') {
    for (const id of extraVerificationChecks) add(id);
    for (const check of installed) add(check.id);
  }
  // The kind's checks first, then what joined in the installed checks' order, the same every attempt.
  const position = (id: string) => installed.findIndex((check) => check.id === id);
  const kindCount = checksByKind[input.kind].length;
  wanted.splice(
    kindCount,
    wanted.length,
    ...wanted.slice(kindCount).sort((left, right) => position(left) - position(right)),
  );
  const isInstalled = new Set(installed.map((check) => check.id));
  const builtIn = new Set<string>(verifyCheckIds);
  const configured = new Set(input.configured ?? verifyCheckIds);
  const isExcluded = (id: string) => builtIn.has(id) && !configured.has(id);
  const ofKind = new Set(checksByKind[input.kind]);
  return {
    run: wanted.filter((id) => isInstalled.has(id) && !isExcluded(id)),
    // A missing added check is expected on a smaller install; a missing kind check is worth saying.
    unavailable: wanted.filter((id) => !isInstalled.has(id) && ofKind.has(id) && !isExcluded(id)),
    excluded: wanted.filter(isExcluded),
  };
}
