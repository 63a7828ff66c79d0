import { pageStyleSource } from './assets.js';
import { escapeHtml } from './escape-html.js';

/**
 * A report as one self-contained HTML file: styles and Chart.js are inlined, so it opens from disk or
 * an attachment with no network. `scripts` follow the chart library; `main` is trusted HTML.
 */
export function selfContainedReportPage(title: string, main: string, scripts: readonly string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${pageStyleSource()}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1></header>
<main>
${main}
</main>
${scripts.join('\n')}
</body>
</html>
`;
}
