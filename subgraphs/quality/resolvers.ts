import type { Resolvers } from './generated/resolvers.ts';
import { evaluateRules } from './rules/evaluateRules.ts';
import type { RecordFacts } from './rules/types.ts';

export const resolvers: Resolvers = {
  Query: {
    qualityRules: (_parent, _args, { store }) => store.rules(),
  },
  Customer: {
    __resolveReference: (reference) => reference,
    async quality(customer, _args, { rules, region }) {
      const facts = (customer as { recordFacts?: RecordFacts[] }).recordFacts ?? [];
      return evaluateRules(facts, await rules(), { region, today: new Date() });
    },
  },
};
