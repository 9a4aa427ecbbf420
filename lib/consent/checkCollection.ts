import { callerContextHeader } from '../auth/Caller.ts';

/** One question for the consent subgraph's `canCollect`: may data be collected for `purpose` from the person these keys identify? */
export interface CollectionCheck {
  keys: readonly string[];
  purpose: string;
}

export interface CollectionVerdict {
  allowed: boolean;
  /** Why, in one sentence without personal data (consent's `CollectionDecision.reason`, or the error it gave). */
  reason: string;
}

export interface CheckCollectionOptions {
  /** The consent subgraph's GraphQL URL. */
  url: string;
  /** The signed caller context of the request being served (`x-c360-caller`), forwarded as is: consent enforces its own rules for that caller. */
  callerContext: string;
  checks: readonly CollectionCheck[];
  timeoutMs?: number;
}

/** Questions per HTTP request: consent resolves them through one DataLoader, so one pair of store queries each. */
const chunkSize = 500;

/**
 * Asks the consent subgraph, over HTTP, `canCollect` for each check, and returns the verdicts in
 * the order of `checks` (identical checks are asked once). Used by subgraphs that ingest data
 * carrying a purpose (analytics orders), so they never import consent's code (DESIGN §1). A check
 * consent refuses as bad input (an unknown purpose or key) comes back not allowed, with consent's
 * message as the reason. Rejects when consent cannot be reached or answers without data: callers
 * must then reject what they could not check, never store it silently.
 */
export async function checkCollection(options: CheckCollectionOptions): Promise<CollectionVerdict[]> {
  const unique = new Map<string, CollectionCheck>();
  const idOf = (check: CollectionCheck) => JSON.stringify([[...check.keys].sort(), check.purpose]);
  for (const check of options.checks) unique.set(idOf(check), check);
  const questions = [...unique.entries()];
  const answers = new Map<string, CollectionVerdict>();
  for (let start = 0; start < questions.length; start += chunkSize) {
    const chunk = questions.slice(start, start + chunkSize);
    const variables: Record<string, unknown> = {};
    const declarations: string[] = [];
    const selections: string[] = [];
    chunk.forEach(([, check], i) => {
      variables[`k${i}`] = check.keys;
      variables[`p${i}`] = check.purpose;
      declarations.push(`$k${i}: [String!]!, $p${i}: String!`);
      selections.push(`c${i}: canCollect(keys: $k${i}, purpose: $p${i}) { allowed reason }`);
    });
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [callerContextHeader]: options.callerContext },
      body: JSON.stringify({ query: `query CanCollect(${declarations.join(', ')}) { ${selections.join(' ')} }`, variables }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (!response.ok) throw new Error(`consent answered HTTP ${response.status}`);
    const body = (await response.json()) as { data?: Record<string, CollectionVerdict | null> | null; errors?: { message: string; path?: (string | number)[] }[] };
    if (!body.data) throw new Error(`consent answered without data: ${body.errors?.[0]?.message ?? 'no errors either'}`);
    chunk.forEach(([id], i) => {
      const verdict = body.data![`c${i}`];
      const error = body.errors?.find((e) => e.path?.[0] === `c${i}`);
      answers.set(id, verdict ?? { allowed: false, reason: error?.message ?? 'consent gave no answer' });
    });
  }
  return options.checks.map((check) => answers.get(idOf(check))!);
}
