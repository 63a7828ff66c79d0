/**
 * Requirements a vague brief leaves unsaid, which a good decomposition names anyway. Each is
 * recognised in a plan by the words a component, criterion or edge case would use to state it.
 */
export interface HiddenRequirement {
  id: string;
  /** What the candidate should have made explicit, as the key states it. */
  statement: string;
  signals: readonly RegExp[];
}

export const hiddenRequirements = {
  'one-row-per-parent': {
    id: 'one-row-per-parent',
    statement: 'at most one row per parent, enforced by a unique constraint',
    signals: [
      /\b(?:one|single|only one|at most one)\b[^.\n]{0,40}\b(?:per|for each|each)\b/i,
      /\bunique\b/i,
      /\bupsert\b|\bon conflict\b/i,
    ],
  },
  'authorisation-of-others-data': {
    id: 'authorisation-of-others-data',
    statement: "a user may read or change only their own records; someone else's gives 403 or 404",
    signals: [
      /\bauthori[sz]/i,
      /\b(?:forbidden|403)\b/i,
      /\b(?:someone|somebody) else\b|\banother user\b|\bother users?\b/i,
      /\bonly (?:their|his|her|the owner'?s?|its) own\b|\bown(?:er|ership)\b/i,
      /\bpermission/i,
    ],
  },
  'pagination-limits': {
    id: 'pagination-limits',
    statement: 'lists are paginated with a capped page size',
    signals: [
      /\bpaginat/i,
      /\bpage size\b|\bper page\b|\bpage of\b/i,
      /\bcursor\b/i,
      /\b(?:max(?:imum)?|cap(?:ped)?|at most) (?:of )?\d+ (?:items|rows|results|entries|records)\b/i,
      /\blimit(?: and|\/| and an?) ?offset\b/i,
    ],
  },
  'idempotent-retries': {
    id: 'idempotent-retries',
    statement: 'a retried request has no second effect (idempotency key or natural key)',
    signals: [/\bidempoten/i, /\bretr(?:y|ies|ied)\b/i, /\bduplicate/i, /\bexactly once\b|\btwice\b/i],
  },
  expiry: {
    id: 'expiry',
    statement: 'tokens or links expire',
    signals: [/\bexpir/i, /\bttl\b/i, /\bvalid for\b/i, /\btime[- ]limited\b/i],
  },
  'single-use': {
    id: 'single-use',
    statement: 'a token can be used once only',
    signals: [/\bsingle[- ]use\b|\bone[- ]time\b|\bused (?:only )?once\b|\breuse/i],
  },
  'rate-limit': {
    id: 'rate-limit',
    statement: 'abuse is rate limited',
    signals: [/\brate[- ]limit/i, /\bthrottl/i, /\btoo many\b|\b429\b/i],
  },
  'input-validation': {
    id: 'input-validation',
    statement: 'input is validated with bounds (lengths, ranges, formats) and rejected with 400',
    signals: [
      /\bvalidat/i,
      /\b(?:max(?:imum)?|min(?:imum)?) length\b|\btoo long\b/i,
      /\b400\b|\binvalid\b|\breject/i,
    ],
  },
  'output-escaping': {
    id: 'output-escaping',
    statement: 'user text is escaped where it is rendered or exported (HTML, CSV formulas)',
    signals: [/\bescap/i, /\bsanitis|sanitiz/i, /\bxss\b|\binjection\b/i],
  },
  'secret-hashing': {
    id: 'secret-hashing',
    statement: 'secrets are stored hashed, never in plain text',
    signals: [/\bhash/i, /\bbcrypt|argon2?|scrypt\b/i, /\bplain ?text\b/i],
  },
  'no-enumeration': {
    id: 'no-enumeration',
    statement: 'the response does not reveal whether an account exists',
    signals: [
      /\benumerat/i,
      /\bsame (?:response|message|answer)\b/i,
      /\b(?:reveal|leak)\w*\b[^.\n]{0,40}\bexist/i,
    ],
  },
  concurrency: {
    id: 'concurrency',
    statement: 'concurrent requests cannot break the invariant (transaction or lock)',
    signals: [/\bconcurren/i, /\brace\b/i, /\btransaction/i, /\block(?:ing|s)?\b/i, /\bsimultaneous/i],
  },
  'size-limits': {
    id: 'size-limits',
    statement: 'uploads and payloads have a size limit',
    signals: [/\bsize limit\b|\btoo large\b|\bmax(?:imum)? size\b/i, /\b\d+ ?(?:kb|mb|bytes)\b/i, /\b413\b/i],
  },
  'audit-trail': {
    id: 'audit-trail',
    statement: 'an audit trail records who changed what, and when',
    signals: [/\baudit/i, /\bhistory\b/i, /\brecord(?:s|ed)? who\b/i],
  },
  defaults: {
    id: 'defaults',
    statement: 'a parent with no row yet gets defined defaults',
    signals: [/\bdefaults?\b/i, /\bno (?:row|settings|preferences) yet\b/i],
  },
  'outbound-address-checks': {
    id: 'outbound-address-checks',
    statement: 'user-given URLs cannot reach internal addresses (SSRF)',
    signals: [
      /\bssrf\b/i,
      /\binternal (?:address|network|host)/i,
      /\bprivate (?:ip|address|network)/i,
      /\ballow-?list/i,
    ],
  },
  'time-zones': {
    id: 'time-zones',
    statement: "times are stored in UTC and shown in the user's time zone",
    signals: [/\btime ?zones?\b/i, /\butc\b/i],
  },
  'signature-verification': {
    id: 'signature-verification',
    statement: 'messages are signed and the signature is checked',
    signals: [/\bsignature|\bsigned\b|\bsigning\b|\bhmac\b/i],
  },
} as const satisfies Record<string, HiddenRequirement>;

export type HiddenRequirementId = keyof typeof hiddenRequirements;

/** The texts of a plan in which a stated requirement is looked for, each with where it stands. */
export interface PlanText {
  where: string;
  text: string;
}

/** The first place in the plan that states the requirement, or undefined. */
export function findRequirement(
  requirement: HiddenRequirement,
  texts: readonly PlanText[],
): PlanText | undefined {
  return texts.find(({ text }) => requirement.signals.some((signal) => signal.test(text)));
}
