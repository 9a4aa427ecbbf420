/** Runs the gateway on its own, routing to C360_<SUBGRAPH>_URL (default: the local ports). */
import { runPart } from '../lib/runPart.ts';
import { buildGateway } from './buildGateway.ts';

await runPart('gateway', ({ config, logger }) => buildGateway({ config, logger }));
