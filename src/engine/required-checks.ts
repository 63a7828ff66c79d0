import type { TriageVerdict } from '../core/config/planning-settings.js';
import type { ComponentKind } from '../plan/plan-schema.js';

/** The checks each kind of component must pass; the kinds are the plan schema's. */
const checksByKind: Readonly<Record<ComponentKind, readonly string[]>> = {
  schema: ['types', 'api', 'sql'],
  api: ['types', 'api', 'tests'],
  integration: ['types', 'api', 'tests'],
  test: ['tests'],
  ui: ['types', 'api'],
  other: ['types', 'api', 'tests'],
};

/** What orchestrate+verify adds on top of a kind's checks, where those checks are installed. */
const extraVerificationChecks = ['edge-cases', 'security', 'performance'] as const;

export interface RequiredChecks {
  /** Installed checks the component must pass, in a stable order. */
  run: string[];
  /** Checks its kind or triage asks for that are not installed here. */
  unavailable: string[];
}

/**
 * The gate for one component: its kind's checks, plus every further check installed when triage
 * said orchestrate+verify. Checks are looked up by id, so one added to the built-ins joins in.
 */
export function requiredChecks(
  kind: ComponentKind,
  verdict: TriageVerdict | undefined,
  installed: readonly string[],
): RequiredChecks {
  const wanted = [...checksByKind[kind]];
  if (verdict === 'orchestrate+verify') {
    for (const id of extraVerificationChecks) if (!wanted.includes(id)) wanted.push(id);
    for (const id of installed) if (!wanted.includes(id)) wanted.push(id);
  }
  const isInstalled = new Set(installed);
  const isExtra = (id: string) => (extraVerificationChecks as readonly string[]).includes(id);
  return {
    run: wanted.filter((id) => isInstalled.has(id)),
    // A missing extra check is expected on a smaller install; a missing kind check is worth saying.
    unavailable: wanted.filter((id) => !isInstalled.has(id) && !isExtra(id)),
  };
}
