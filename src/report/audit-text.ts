import { type AuditReport, mistakes } from '../team/index.js';

/** `baton audit` for a terminal: findings grouped by the article's mistakes, each with its rows. */
export function renderAuditText(report: AuditReport): string {
  const scope = [
    report.scope.runId ? `run ${report.scope.runId}` : undefined,
    report.scope.since ? `since ${report.scope.since}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const blocks = [
    `Baton audit · ${scope || 'the whole ledger'} · generated ${report.generatedAt.replace('T', ' ').slice(0, 19)} UTC`,
  ];
  for (const [id, title] of Object.entries(mistakes) as [keyof typeof mistakes, string][]) {
    const own = report.findings.filter((finding) => finding.mistake === id);
    const lines = [`${title} (${own.length})`, '-'.repeat(title.length + String(own.length).length + 3)];
    if (own.length === 0) lines.push('  none found');
    for (const finding of own) {
      lines.push(`  ${finding.severity} ${finding.rule}: ${finding.message}`);
      const behind = [
        finding.people.length > 0 ? `people: ${finding.people.join(', ')}` : undefined,
        finding.rows.length > 0 ? `rows: ${finding.rows.join(', ')}` : undefined,
      ].filter(Boolean);
      if (behind.length > 0) lines.push(`      ${behind.join('; ')}`);
    }
    blocks.push(lines.join('\n'));
  }
  const total = report.findings.length;
  blocks.push(
    total === 0 ? 'No common mistakes found.' : `${total} ${total === 1 ? 'finding' : 'findings'}.`,
  );
  return `${blocks.join('\n\n')}\n`;
}

const levels = { error: 'error', warning: 'warning', note: 'note' } as const;

/** The findings in SARIF 2.1.0's shape, for CI code-scanning uploads. */
export function renderAuditSarif(report: AuditReport): string {
  const rules = [...new Map(report.findings.map((finding) => [finding.rule, finding])).values()].map(
    (finding) => ({
      id: finding.rule,
      shortDescription: { text: mistakes[finding.mistake] },
      properties: { mistake: finding.mistake },
    }),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'baton-audit', rules } },
        results: report.findings.map((finding) => ({
          ruleId: finding.rule,
          level: levels[finding.severity],
          message: { text: finding.message },
          properties: {
            mistake: finding.mistake,
            components: finding.components,
            people: finding.people,
            ledgerRows: finding.rows,
            at: finding.at,
          },
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
