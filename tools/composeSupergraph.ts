import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { parse, printSchema } from 'graphql';
import type { SubgraphDefinition } from './supergraphConfig.ts';

export interface CompositionOutcome {
  supergraphSdl: string | null;
  errors: string[];
  hints: string[];
}

/** Composes subgraph schemas into supergraph SDL with `@apollo/composition`; never throws for schema errors. */
export function composeSupergraph(subgraphs: readonly SubgraphDefinition[]): CompositionOutcome {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: s.routingUrl, typeDefs: parse(s.sdl) })),
  );
  const hints = (result.hints ?? []).map((hint) => hint.toString());
  if (result.errors) return { supergraphSdl: null, errors: result.errors.map((e) => e.message), hints };
  return { supergraphSdl: result.supergraphSdl, errors: [], hints };
}

/** The public API schema of a supergraph (what clients see: no join directives, no @inaccessible elements). */
export function apiSchemaOf(supergraphSdl: string): string {
  return printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema()) + '\n';
}
