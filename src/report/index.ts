/** The report part's public surface: findings written for people, machines, CI systems and agents. */
export { agentFindingLimit, formatAgentFindings } from './agent-findings.js';
export { formatFindingsJson, formatFindingsText, summarizeFindings } from './findings-text.js';
export { formatGithubAnnotations } from './github-annotations.js';
export {
  type CodeQualityIssue,
  formatGitlabCodeQuality,
  toGitlabCodeQuality,
} from './gitlab-code-quality.js';
