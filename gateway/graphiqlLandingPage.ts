import { readdir, readFile } from 'node:fs/promises';
import type { ApolloServerPlugin } from '@apollo/server';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

export interface GraphiQLTab {
  query: string;
  variables?: string;
  headers?: string;
}

/** The operations in `gateway/examples/*.graphql`, as GraphiQL tabs (sorted by file name). */
export async function loadExampleTabs(dir = new URL('./examples/', import.meta.url)): Promise<GraphiQLTab[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.graphql')).sort();
  return Promise.all(files.map(async (file) => ({ query: await readFile(new URL(file, dir), 'utf8') })));
}

/**
 * Serves GraphiQL as Apollo Server's landing page (GET /graphql from a browser). Everything is
 * inlined by `@graphql-yoga/render-graphiql`: no CDN, so it works offline. The page is rendered
 * once, at start.
 */
export function graphiqlLandingPage(options: { tabs: GraphiQLTab[]; headers?: Record<string, string>; tokens?: Record<string, string> }): ApolloServerPlugin {
  const tokenTab: GraphiQLTab[] = options.tokens
    ? [
        {
          query: [
            '# c360 development tokens. Every request needs one: put it in the Headers pane below as',
            '#   { "authorization": "Bearer <token>" }',
            '# This page starts with the CONFIDENTIAL one. Each clearance sees fields at its level in',
            '# clear, one level higher masked, anything higher denied (FORBIDDEN).',
            '#',
            ...Object.entries(options.tokens).map(([clearance, token]) => `# ${clearance.padEnd(12)} ${token}`),
            '#',
            '# More: npm run -s token -- --clearance INTERNAL --purpose SERVICE',
            'query WhoCanSeeWhat { customers(first: 3) { nodes { id name { full } emails birthDate identifiers { value } } } }',
            '',
          ].join('\n'),
        },
      ]
    : [];
  const html = renderGraphiQL({
    title: 'c360 — Customer 360',
    endpoint: '/graphql',
    defaultTabs: [...tokenTab, ...options.tabs].map((tab) => ({ query: tab.query, variables: tab.variables ?? null, headers: tab.headers ?? null })),
    headers: JSON.stringify(options.headers ?? {}, null, 2),
    shouldPersistHeaders: false,
  });
  return {
    async serverWillStart() {
      return { renderLandingPage: async () => ({ html }) };
    },
  };
}
