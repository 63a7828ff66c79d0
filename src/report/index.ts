/**
 * The report part's public surface: findings written for people, machines, CI systems and agents,
 * and the metrics, experiment, team, interview, review and prompt-docs reports. Pure text builders.
 */
export { agentFindingLimit, formatAgentFindings } from './agent-findings.js';
export { chartLibrarySource, dashboardScriptSource, metricsChartsSource, pageStyleSource } from './assets.js';
export { escapeHtml, jsonForScript } from './escape-html.js';
export { renderExperimentHtml } from './experiment-html.js';
export { renderExperimentMarkdown } from './experiment-markdown.js';
export { experimentSections, experimentTitle, formatRate } from './experiment-sections.js';
export { renderExperimentText } from './experiment-text.js';
export { formatFindingsJson, formatFindingsText, summarizeFindings } from './findings-text.js';
export { formatGithubAnnotations } from './github-annotations.js';
export {
  type CodeQualityIssue,
  formatGitlabCodeQuality,
  toGitlabCodeQuality,
} from './gitlab-code-quality.js';
export { interviewGradeHtml, interviewGradeText } from './interview-grade.js';
export { chartPanelsHtml, renderMetricsHtml, renderSectionHtml } from './metrics-html.js';
export { renderMetricsMarkdown } from './metrics-markdown.js';
export { formatCost, metricsSections } from './metrics-sections.js';
export { renderMetricsText } from './metrics-text.js';
export { featureSlug, renderPromptDocs } from './prompt-docs.js';
export { formatMergeReport, formatReviewItemLine, formatReviewView } from './review-text.js';
export { toSarif } from './sarif.js';
export { renderTeamText } from './team-text.js';
