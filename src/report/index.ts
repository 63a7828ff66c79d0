/** The report part's public surface: findings written for people, machines, CI systems and agents. */
export { agentFindingLimit, formatAgentFindings } from './agent-findings.js';
export { escapeHtml, jsonForScript } from './escape-html.js';
export { renderExperimentHtml } from './experiment-html.js';
export { experimentSections, experimentTitle, formatRate } from './experiment-sections.js';
export { formatFindingsJson, formatFindingsText, summarizeFindings } from './findings-text.js';
export { formatGithubAnnotations } from './github-annotations.js';
export {
  type CodeQualityIssue,
  formatGitlabCodeQuality,
  toGitlabCodeQuality,
} from './gitlab-code-quality.js';
export { chartPanelsHtml, renderSectionHtml } from './metrics-html.js';
export { renderMetricsMarkdown } from './metrics-markdown.js';
export { formatCost, metricsSections } from './metrics-sections.js';
export { renderMetricsText } from './metrics-text.js';
export { formatReviewView } from './review-text.js';
