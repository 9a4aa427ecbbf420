import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { projectRoot } from '../lib/config.ts';

/** One acknowledged breaking change: matched by the change's message; the reason is for people. */
export interface Acknowledgement {
  message: string;
  reason: string;
}

/**
 * Breaking changes of `next` against `baseline` that are not acknowledged (graphql-inspector's
 * BREAKING criticality). Returns their messages with paths.
 */
export async function unacknowledgedBreakingChanges(baseline: GraphQLSchema, next: GraphQLSchema, acknowledged: readonly Acknowledgement[]): Promise<string[]> {
  const known = new Set(acknowledged.map((a) => a.message));
  return (await diff(baseline, next))
    .filter((change) => change.criticality.level === CriticalityLevel.Breaking && !known.has(change.message))
    .map((change) => `${change.message}${change.path ? ` (${change.path})` : ''}`);
}

async function graphqlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && e.name.endsWith('.graphql')).map((e) => join(e.parentPath, e.name)).sort();
}

/** The directories whose operations the project ships (GraphiQL examples, test operations). */
export const operationDirs = ['gateway/examples', 'test/operations'];

/** Validation errors of every shipped operation against the API schema, as `file: message`. */
export async function invalidOperations(apiSchema: GraphQLSchema): Promise<string[]> {
  const problems: string[] = [];
  for (const dir of operationDirs) {
    for (const file of await graphqlFiles(resolve(projectRoot, dir))) {
      const name = relative(projectRoot, file);
      try {
        for (const error of validate(apiSchema, parse(await readFile(file, 'utf8')))) problems.push(`${name}: ${error.message}`);
      } catch (error) {
        problems.push(`${name}: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

export const loadSchemaFile = async (path: string) => buildSchema(await readFile(resolve(projectRoot, path), 'utf8'));
