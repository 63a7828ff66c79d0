import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../verify/finding.js';
import { describeRule } from '../verify/rules.js';

/** The tool as SARIF names it. */
export interface SarifToolInfo {
  name: string;
  version: string;
  informationUri?: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

const levels: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', note: 'note' };

/** The SARIF 2.1.0 schema address, so that editors and CI tools know what they read. */
export const sarifSchemaUri =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

function cweTag(cwe: string): string {
  return `external/cwe/${cwe.toLowerCase()}`;
}

/**
 * Writes findings as a SARIF 2.1.0 log: one run, a rule table, and results whose locations are
 * relative to the project root (`SRCROOT`), which is what code-scanning services expect.
 */
export function toSarif(
  findings: readonly Finding[],
  root: string,
  tool: SarifToolInfo,
): Record<string, unknown> {
  const ruleIds = [...new Set(findings.map((finding) => finding.ruleId))].sort();
  const rules = ruleIds.map((id) => {
    const rule = describeRule(id);
    const properties: Record<string, unknown> = {
      tags: [id.split('/')[0] ?? 'verify', ...(rule.cwe ? [cweTag(rule.cwe), 'security'] : [])],
    };
    return {
      id,
      name: id.replace(/[/-](\w)/g, (_, letter: string) => letter.toUpperCase()),
      shortDescription: { text: rule.description },
      defaultConfiguration: { level: levels[rule.defaultSeverity] },
      properties,
    };
  });
  const rootUri = pathToFileURL(root.endsWith('/') ? root : `${root}/`).href;
  const results = findings.map((finding) => {
    const properties: Record<string, unknown> = { check: finding.checkId };
    if (finding.hint) properties.hint = finding.hint;
    if (finding.suggestion) properties.suggestion = finding.suggestion;
    if (finding.checkedAgainst) properties.checkedAgainst = finding.checkedAgainst;
    if (finding.cwe) properties.tags = [cweTag(finding.cwe)];
    const message = finding.hint ? `${finding.message}\nHint: ${finding.hint}` : finding.message;
    const result: Record<string, unknown> = {
      ruleId: finding.ruleId,
      ruleIndex: ruleIds.indexOf(finding.ruleId),
      level: levels[finding.severity],
      message: { text: message },
      properties,
    };
    if (finding.file !== '.') {
      result.locations = [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(finding.file), uriBaseId: 'SRCROOT' },
            region: {
              startLine: finding.range.startLine,
              startColumn: finding.range.startColumn,
              endLine: Math.max(finding.range.endLine, finding.range.startLine),
              endColumn: Math.max(finding.range.endColumn, finding.range.startColumn),
            },
          },
        },
      ];
    }
    return result;
  });
  return {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules,
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: rootUri } },
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}
