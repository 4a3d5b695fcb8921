import type { SavedReportDefinition } from '../reports/report-library.js';

/** JSON that is safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** The GraphiQL page: everything it loads comes from the hub itself (no CDN). */
export function graphiqlPage(reports: readonly SavedReportDefinition[]): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>IOM Hub — GraphQL</title>
  <base href="/">
  <link rel="stylesheet" href="assets/graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading the query editor…</div>
  <script id="saved-reports" type="application/json">${scriptJson(reports)}</script>
  <script src="assets/graphiql.js"></script>
</body>
</html>
`;
}
