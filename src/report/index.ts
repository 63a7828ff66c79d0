/** The report part's public surface: findings written for people, machines, CI systems and agents. */
export { formatFindingsJson, formatFindingsText, summarizeFindings } from './findings-text.js';
