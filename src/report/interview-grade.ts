import type { InterviewGrade } from '../team/index.js';
import { escapeHtml } from './escape-html.js';

/** A graded kit as text: each criterion's score with its evidence, then the panel's summary. */
export function interviewGradeText(grade: InterviewGrade): string {
  const lines = [`Interview kit, seed ${grade.seed} (${grade.level})`, ''];
  for (const criterion of grade.criteria) {
    lines.push(`${criterion.criterion.padEnd(14)} ${String(criterion.score).padStart(3)}/100`);
    for (const line of criterion.evidence) lines.push(`    ${line}`);
  }
  if (grade.kitProblems.length > 0) {
    lines.push('', 'The kit as handed back:');
    for (const problem of grade.kitProblems) lines.push(`    ${problem}`);
  }
  lines.push('', `Overall ${grade.overall}/100`, grade.summary);
  return `${lines.join('\n')}\n`;
}

/** A graded kit as one self-contained HTML page for the hiring panel. */
export function interviewGradeHtml(grade: InterviewGrade): string {
  const sections = grade.criteria
    .map(
      (criterion) => `<section>
<h2>${escapeHtml(criterion.criterion)} <span class="score">${criterion.score}/100</span></h2>
<meter min="0" max="100" value="${criterion.score}"></meter>
<ul>${criterion.evidence.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
</section>`,
    )
    .join('\n');
  const problems =
    grade.kitProblems.length > 0
      ? `<section><h2>The kit as handed back</h2><ul>${grade.kitProblems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('')}</ul></section>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Interview grade, seed ${grade.seed}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
h2 { display: flex; justify-content: space-between; font-size: 1.1rem; margin-top: 2rem; }
meter { width: 100%; height: 1rem; }
.summary { padding: 1rem; background: #f3f4f6; border-radius: 6px; }
</style>
</head>
<body>
<h1>Interview grade: seed ${grade.seed} (${escapeHtml(grade.level)})</h1>
<p class="summary"><strong>Overall ${grade.overall}/100.</strong> ${escapeHtml(grade.summary)}</p>
${sections}
${problems}
</body>
</html>
`;
}
