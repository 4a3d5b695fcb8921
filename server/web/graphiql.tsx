import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import type { Fetcher } from '@graphiql/toolkit';
import 'graphiql/graphiql.css';

interface Report {
  name: string;
  title: string;
  description: string;
  query: string;
  variables: string;
}

// The built-in reports come embedded in the page, so GraphiQL opens with them as ready-to-run tabs;
// opened with a token, the page asks the hub for the library as that token sees it (published
// reports too, each example on a partnership the token can read).
const embedded = JSON.parse(document.getElementById('saved-reports')?.textContent ?? '[]') as Report[];

// Every request needs a token: paste it into the Headers tab as {"Authorization": "Bearer …"}, or open
// /graphql?token=… and the page puts it there (and takes it out of the address bar). GraphiQL does
// not keep headers between visits, so the token is not left in the browser's storage.
const url = new URL(window.location.href);
const token = url.searchParams.get('token');
if (token) {
  url.searchParams.delete('token');
  window.history.replaceState(null, '', url);
}
const defaultHeaders = JSON.stringify({ Authorization: `Bearer ${token ?? '<paste your token here>'}` }, null, 2);

/** GraphiQL keeps the previous tab's operation name after a tab switch; drop a name the document does not define. */
function definesOperation(query: string, name: string): boolean {
  return new RegExp(`\\b(query|mutation|subscription)\\s+${name}\\b`).test(query);
}

const fetcher: Fetcher = async (params, options) => {
  const { operationName, ...rest } = params;
  const body = operationName && definesOperation(params.query, operationName) ? params : rest;
  const response = await fetch(new URL('graphql', document.baseURI), {
    method: 'POST',
    headers: { ...(options?.headers as Record<string, string> | undefined), 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json();
};

async function libraryFor(bearer: string | null): Promise<Report[]> {
  if (!bearer) return embedded;
  try {
    const response = await fetch(new URL('graphql', document.baseURI), {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ reports { name title description query variables } }' }),
    });
    const body = (await response.json()) as { data?: { reports?: Report[] } };
    return body.data?.reports ?? embedded;
  } catch {
    return embedded;
  }
}

function render(reports: Report[]) {
  const tabs = reports.map((report) => ({
    query: `# ${report.title}\n# ${report.description}\n${report.query}\n`,
    variables: JSON.stringify(JSON.parse(report.variables), null, 2),
  }));

  // GraphiQL fills the first tab's editors from `query` and `variables`, not from `defaultTabs`.
  createRoot(document.getElementById('graphiql') as HTMLElement).render(
    <GraphiQL
      fetcher={fetcher}
      defaultTabs={tabs}
      query={tabs[0]?.query}
      variables={tabs[0]?.variables}
      headers={defaultHeaders}
      defaultHeaders={defaultHeaders}
      shouldPersistHeaders={false}
      defaultEditorToolsVisibility={token ? 'variables' : 'headers'}
    />,
  );
}

void libraryFor(token).then(render);
