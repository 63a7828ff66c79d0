import type { TriageRule } from '../core/index.js';

/**
 * The built-in signals of the article's five reasons: paths that are risky to hand to a model, and words
 * in a component's own text. `triage.rules` in config adds to them; `triage.replaceDefaultRules` drops them.
 */
export const defaultTriageRules: readonly TriageRule[] = [
  {
    reason: 'security-sensitive',
    paths: [
      '**/auth/**',
      '**/*auth*',
      '**/session*',
      '**/crypto/**',
      '**/*crypto*',
      '**/security/**',
      '**/payment*/**',
      '**/*payment*',
      '**/billing/**',
      '**/*password*',
      '**/secrets/**',
      '**/permission*',
    ],
    note: 'touches authentication, secrets, crypto or payments: AI may introduce vulnerabilities',
  },
  {
    reason: 'security-sensitive',
    keywords: [
      'auth',
      'authentication',
      'authenticated',
      'authorization',
      'authorize',
      'login',
      'password',
      'session',
      'jwt',
      'oauth',
      'encrypt',
      'encryption',
      'decrypt',
      'crypto',
      'payment',
      'payments',
      'credit card',
      'secret',
      'secrets',
      'permission',
      'permissions',
      'csrf',
      'personal data',
    ],
    note: 'the task speaks of security: AI may introduce vulnerabilities',
  },
  {
    reason: 'legacy-integration',
    paths: ['**/migrations/**', '**/migration/**', '**/*.sql', '**/schema.prisma'],
    note: 'changes the database schema: apply the migration to a real database and review the catalog',
  },
  {
    reason: 'legacy-integration',
    paths: ['**/legacy/**', '**/vendor/**'],
    keywords: ['legacy', 'backward compatible', 'backwards compatible', 'deprecated'],
    note: 'integrates with existing code whose history the model does not know',
  },
  {
    reason: 'performance-critical',
    keywords: [
      'performance-critical',
      'hot path',
      'latency',
      'throughput',
      'p95',
      'p99',
      'real-time',
      'realtime',
      'high volume',
    ],
    note: 'performance matters: AI optimises for correctness first',
  },
  {
    reason: 'novel-algorithm',
    keywords: ['novel algorithm', 'new algorithm', 'custom algorithm', 'heuristic', 'no known approach'],
    note: 'no known approach to copy: the model has nothing to draw on',
  },
  {
    reason: 'domain-specific-logic',
    keywords: [
      'domain-specific',
      'business rule',
      'business rules',
      'regulatory',
      'compliance',
      'actuarial',
      'tax rules',
    ],
    note: 'depends on domain knowledge the model lacks',
  },
];
