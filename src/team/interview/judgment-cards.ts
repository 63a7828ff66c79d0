/** A piece of work the candidate judges: orchestrate it, orchestrate it with extra verification, or write it. */
export interface ScenarioCard {
  id: string;
  title: string;
  scenario: string;
  /** Files the work touches, as a plan component would list them. */
  files: readonly string[];
  estimateHours: number;
  performance?: string;
}

/**
 * The pool cards are drawn from: the article's five reasons orchestration loses, in several guises
 * each, and plain work where it wins. The expected answer is what Baton's triage says of the card.
 */
export const scenarioCards: readonly ScenarioCard[] = [
  {
    id: 'crud-tags',
    title: 'CRUD endpoints for tags',
    scenario:
      'Add list, create, rename and delete endpoints for tags, following the existing projects endpoints.',
    files: ['src/routes/tags.ts', 'test/tags.test.ts'],
    estimateHours: 3,
  },
  {
    id: 'settings-form',
    title: 'Settings form',
    scenario:
      'A React form for the display name and language, with client-side validation and the existing form components.',
    files: ['src/ui/settings-form.tsx'],
    estimateHours: 2,
  },
  {
    id: 'csv-report',
    title: 'Monthly CSV report',
    scenario: 'Export last month’s orders as a CSV file with the columns the finance team listed.',
    files: ['src/reports/monthly-orders.ts'],
    estimateHours: 3,
  },
  {
    id: 'test-backfill',
    title: 'Tests for the date helpers',
    scenario:
      'Write unit tests for the existing date formatting helpers, covering month ends and leap years.',
    files: ['test/dates.test.ts'],
    estimateHours: 2,
  },
  {
    id: 'email-template',
    title: 'Welcome email template',
    scenario: 'A welcome email in the existing template system, with the user’s name and a link to the docs.',
    files: ['src/emails/welcome.tsx'],
    estimateHours: 1,
  },
  {
    id: 'pagination-endpoint',
    title: 'Paginated search endpoint',
    scenario: 'Add cursor pagination to the existing search endpoint, as the other list endpoints do.',
    files: ['src/routes/search.ts', 'test/search.test.ts'],
    estimateHours: 4,
  },
  {
    id: 'login-flow',
    title: 'Login with one-time codes',
    scenario: 'Users log in with a code sent by email; the session starts once the code is checked.',
    files: ['src/auth/one-time-code.ts', 'src/routes/login.ts'],
    estimateHours: 6,
  },
  {
    id: 'payment-webhook',
    title: 'Payment provider webhook',
    scenario:
      'Receive the payment provider’s events and mark orders paid; events must be checked before they are trusted.',
    files: ['src/payments/webhook.ts'],
    estimateHours: 5,
  },
  {
    id: 'password-policy',
    title: 'Password rules',
    scenario:
      'Enforce the new password rules on sign-up and password change, and hash with the current parameters.',
    files: ['src/users/password-policy.ts'],
    estimateHours: 3,
  },
  {
    id: 'role-permissions',
    title: 'Project roles',
    scenario:
      'Viewers may read, editors may change, owners may delete: apply these permissions to every project endpoint.',
    files: ['src/projects/permissions.ts'],
    estimateHours: 5,
  },
  {
    id: 'schema-migration',
    title: 'Split the address column',
    scenario: 'Split the single address column into street, city and postcode, moving the existing rows.',
    files: ['migrations/0042-split-address.sql'],
    estimateHours: 4,
  },
  {
    id: 'legacy-billing',
    title: 'Call the old billing module',
    scenario:
      'The new checkout must call the legacy billing module, whose behaviour is only known from its code.',
    files: ['src/legacy/billing-adapter.ts'],
    estimateHours: 6,
  },
  {
    id: 'deprecated-api',
    title: 'Keep the v1 API working',
    scenario:
      'Move the v1 endpoints onto the new services while staying backward compatible for old clients.',
    files: ['src/routes/v1/orders.ts'],
    estimateHours: 8,
  },
  {
    id: 'hot-path-pricing',
    title: 'Price lookup on the hot path',
    scenario:
      'Every page view prices the cart; the lookup sits on the hot path and must stay within its budget.',
    files: ['src/pricing/lookup.ts'],
    estimateHours: 4,
    performance: 'p99 under 5 ms at 2,000 requests per second',
  },
  {
    id: 'ingest-throughput',
    title: 'Event ingestion',
    scenario: 'Ingest device events at high volume into the time-series store.',
    files: ['src/ingest/events.ts'],
    estimateHours: 6,
    performance: 'throughput of 50,000 events per second per node',
  },
  {
    id: 'realtime-cursor',
    title: 'Live cursors',
    scenario: 'Show collaborators’ cursors in real-time; latency above 100 ms is visible.',
    files: ['src/collab/cursors.ts'],
    estimateHours: 5,
  },
  {
    id: 'novel-matching',
    title: 'Matching riders to drivers',
    scenario:
      'A new algorithm that matches riders to drivers by our own scoring; there is no known approach to copy.',
    files: ['src/matching/score.ts'],
    estimateHours: 10,
  },
  {
    id: 'heuristic-dedupe',
    title: 'Duplicate customer detection',
    scenario: 'A heuristic of our own that decides when two customer records are the same person.',
    files: ['src/customers/dedupe.ts'],
    estimateHours: 8,
  },
  {
    id: 'tax-rules',
    title: 'VAT on cross-border sales',
    scenario:
      'Apply the tax rules for cross-border sales in the EU, including the reverse charge for businesses.',
    files: ['src/invoicing/vat.ts'],
    estimateHours: 8,
  },
  {
    id: 'insurance-pricing',
    title: 'Premium calculation',
    scenario: 'Compute premiums from the actuarial tables the underwriters maintain.',
    files: ['src/premiums/calculate.ts'],
    estimateHours: 10,
  },
  {
    id: 'compliance-retention',
    title: 'Record retention',
    scenario:
      'Delete or keep customer records as the compliance team’s regulatory retention schedule requires.',
    files: ['src/retention/schedule.ts'],
    estimateHours: 6,
  },
  {
    id: 'readme-badges',
    title: 'Status page component',
    scenario: 'A status page listing the services and their uptime, from the existing health endpoint.',
    files: ['src/ui/status-page.tsx'],
    estimateHours: 2,
  },
];
