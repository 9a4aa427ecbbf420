import { JSONScalar } from '../../lib/graphql/JSON.ts';
import type { Resolvers } from './generated/resolvers.ts';
import { evaluateRules } from './rules/evaluateRules.ts';
import type { RecordFacts } from './rules/types.ts';

export const resolvers: Resolvers = {
  JSON: JSONScalar,
  Query: {
    qualityRules: (_parent, _args, { store }) => store.rules(),
    qualityPrivacyExport: (_parent, { recordFacts }, { privacy, caller }) => privacy.export(caller, recordFacts),
  },
  Mutation: {
    qualityPrivacyErase: (_parent, _args, { privacy, caller }) => privacy.erase(caller),
  },
  Customer: {
    __resolveReference: (reference) => reference,
    async quality(customer, _args, { rules, region }) {
      const facts = (customer as { recordFacts?: RecordFacts[] }).recordFacts ?? [];
      return evaluateRules(facts, await rules(), { region, today: new Date() });
    },
  },
};
