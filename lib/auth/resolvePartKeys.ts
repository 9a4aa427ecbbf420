import type { Config } from '../config.ts';
import { resolveSecret } from './devSecrets.ts';

/** The keys every part needs: the JWT secret (gateway), the caller-context key and the HASH-mask key. */
export interface PartKeys {
  jwt: string;
  context: string;
  hash: string;
}

/**
 * Resolves the keys from the config, or outside production from development keys generated at
 * first start under `<dataDir>/secrets` (kept out of git), so every part of one machine agrees.
 */
export async function resolvePartKeys(config: Config): Promise<PartKeys> {
  const common = { dataDir: config.dataDir, environment: config.environment };
  return {
    jwt: await resolveSecret({ ...common, name: 'jwt', configured: config.auth.jwtSecret }),
    context: await resolveSecret({ ...common, name: 'context', configured: config.auth.contextKey }),
    hash: await resolveSecret({ ...common, name: 'hash', configured: config.auth.hashKey }),
  };
}
