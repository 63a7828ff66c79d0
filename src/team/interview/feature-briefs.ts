import type { HiddenRequirementId } from './hidden-requirements.js';

/** A vague feature request, as a product owner would write it, and what it leaves unsaid. */
export interface FeatureBrief {
  id: string;
  title: string;
  brief: string;
  hidden: readonly HiddenRequirementId[];
}

/** The built-in briefs; each hides four or more requirements a careful decomposition states. */
export const featureBriefs: readonly FeatureBrief[] = [
  {
    id: 'saved-searches',
    title: 'Saved searches',
    brief:
      'Users keep running the same searches. Let them save a search under a name and see their saved searches on the dashboard, so they can run one again with a click.',
    hidden: ['authorisation-of-others-data', 'pagination-limits', 'input-validation', 'one-row-per-parent'],
  },
  {
    id: 'team-invitations',
    title: 'Team invitations',
    brief:
      'Team admins should be able to invite people by email. The person gets a link, clicks it and is in the team.',
    hidden: ['expiry', 'single-use', 'authorisation-of-others-data', 'idempotent-retries', 'rate-limit'],
  },
  {
    id: 'notification-preferences',
    title: 'Notification preferences',
    brief:
      'Signed-in users choose how they hear from us: email, SMS or push, for each kind of notification. Add a settings page and an API behind it.',
    hidden: ['one-row-per-parent', 'defaults', 'authorisation-of-others-data', 'input-validation'],
  },
  {
    id: 'order-refunds',
    title: 'Order refunds',
    brief:
      'Support agents need a refund button on an order. It gives the customer their money back through the payment provider and shows the refund on the order.',
    hidden: [
      'idempotent-retries',
      'authorisation-of-others-data',
      'concurrency',
      'audit-trail',
      'input-validation',
    ],
  },
  {
    id: 'data-export',
    title: 'Export my data',
    brief:
      'Customers want a button that downloads all their records as a CSV file they can open in a spreadsheet.',
    hidden: ['authorisation-of-others-data', 'output-escaping', 'pagination-limits', 'rate-limit'],
  },
  {
    id: 'comment-threads',
    title: 'Comments on documents',
    brief:
      'People reading a document should be able to comment on it and reply to comments. Show the comments under the document.',
    hidden: ['output-escaping', 'pagination-limits', 'authorisation-of-others-data', 'input-validation'],
  },
  {
    id: 'api-keys',
    title: 'API keys for integrations',
    brief:
      'Customers integrating with us need API keys. Let them create keys in their account and use them to call our API.',
    hidden: ['secret-hashing', 'authorisation-of-others-data', 'audit-trail', 'rate-limit', 'expiry'],
  },
  {
    id: 'avatar-upload',
    title: 'Profile pictures',
    brief: 'Let users upload a profile picture. It shows next to their name everywhere.',
    hidden: ['size-limits', 'input-validation', 'one-row-per-parent', 'authorisation-of-others-data'],
  },
  {
    id: 'shopping-cart',
    title: 'Shopping cart',
    brief: 'Shoppers add products to a cart, change quantities and check out when they are ready.',
    hidden: [
      'one-row-per-parent',
      'input-validation',
      'idempotent-retries',
      'concurrency',
      'authorisation-of-others-data',
    ],
  },
  {
    id: 'webhooks',
    title: 'Outgoing webhooks',
    brief:
      'Customers give us a URL and we call it whenever one of their orders changes, so their systems stay in sync.',
    hidden: [
      'outbound-address-checks',
      'signature-verification',
      'idempotent-retries',
      'authorisation-of-others-data',
    ],
  },
  {
    id: 'password-reset',
    title: 'Password reset',
    brief: 'Users who forget their password should be able to reset it from the login page by email.',
    hidden: ['expiry', 'single-use', 'no-enumeration', 'rate-limit', 'secret-hashing'],
  },
  {
    id: 'activity-feed',
    title: 'Activity feed',
    brief:
      'Show each user a feed of what happened in their projects: new tasks, comments and status changes, newest first.',
    hidden: ['pagination-limits', 'authorisation-of-others-data', 'output-escaping', 'time-zones'],
  },
  {
    id: 'scheduled-reports',
    title: 'Scheduled email reports',
    brief: 'Managers want a weekly summary of their team’s numbers in their inbox every Monday morning.',
    hidden: ['time-zones', 'idempotent-retries', 'authorisation-of-others-data', 'audit-trail'],
  },
  {
    id: 'discount-codes',
    title: 'Discount codes',
    brief: 'Marketing wants to hand out discount codes that customers type in at checkout to get money off.',
    hidden: ['single-use', 'expiry', 'concurrency', 'input-validation', 'rate-limit'],
  },
];
