import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { projectRoot } from '../lib/config.ts';
import { withSensitiveDefinitions } from '../lib/sensitivity/readSensitivity.ts';

export interface SubgraphDefinition {
  name: string;
  routingUrl: string;
  schemaPath: string;
  sdl: string;
}

/** Reads `supergraph.yaml` (Rover's format) and each subgraph's schema file, with the shared `@sensitive` definitions appended. */
export async function readSupergraphConfig(path = resolve(projectRoot, 'supergraph.yaml')): Promise<SubgraphDefinition[]> {
  const config = parseYaml(await readFile(path, 'utf8')) as { subgraphs?: Record<string, { routing_url?: string; schema?: { file?: string } }> };
  if (!config?.subgraphs) throw new TypeError(`Expected a "subgraphs" map in ${path}`);
  return Promise.all(
    Object.entries(config.subgraphs).map(async ([name, entry]) => {
      if (!entry.routing_url || !entry.schema?.file) throw new TypeError(`Expected routing_url and schema.file for subgraph "${name}" in ${path}`);
      const schemaPath = resolve(projectRoot, entry.schema.file);
      return { name, routingUrl: entry.routing_url, schemaPath, sdl: withSensitiveDefinitions(await readFile(schemaPath, 'utf8')) };
    }),
  );
}
