export { callSubgraph, SubgraphCallError, type CallSubgraphOptions } from './callSubgraph.ts';
export { describeFields, type ExportFieldSpec, type InventoryField } from './describeFields.ts';
export { dueDate } from './dueDate.ts';
export { assertPrivacyCaller, privacyCaller, privacyPurpose } from './privacyCaller.ts';
export { suppressionHash } from './suppressionHash.ts';
