import { buildInterviewKit, type InterviewKit, type InterviewLevel } from './interview-kit.js';
import { pastPlanBrief } from './past-plan-brief.js';
import { type ConfirmedError, confirmSeededErrors } from './seeded-error-confirmation.js';
import { assertKitFolders, writeKit } from './write-kit.js';

export interface CreateKitOptions {
  seed: number;
  level: InterviewLevel;
  out: string;
  keyOut: string;
  /** A repository whose committed plans give the decomposition brief. */
  from?: string | undefined;
  allowUnsandboxed?: boolean;
  signal?: AbortSignal;
}

/** Builds a kit, confirms that its reference is clean and every seeded error is there, and writes it. */
export async function createInterviewKit(
  options: CreateKitOptions,
): Promise<{ kit: InterviewKit; confirmed: ConfirmedError[] }> {
  assertKitFolders(options.out, options.keyOut);
  const brief = options.from ? pastPlanBrief(options.from, options.seed) : undefined;
  const kit = buildInterviewKit({ seed: options.seed, level: options.level, ...(brief ? { brief } : {}) });
  const { domain, reference, errors, variant } = kit.verification;
  const confirmed = await confirmSeededErrors(domain, reference, errors, variant, {
    ...(options.allowUnsandboxed ? { allowUnsandboxed: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  writeKit(kit, confirmed, options.out, options.keyOut);
  return { kit, confirmed };
}
