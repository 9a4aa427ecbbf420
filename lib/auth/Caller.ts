import type { SensitivityLevel } from '../config.ts';

/** Who is asking, as the gateway established it from the caller's token (DESIGN §4). */
export interface Caller {
  /** The token's `sub`; `anonymous` for anonymous callers. */
  readonly subject: string;
  /** The calling application (`client_id`, else `azp`); `unknown` when the token names none. */
  readonly client: string;
  readonly clearance: SensitivityLevel;
  /** Declared purpose of use, e.g. `SERVICE`, `MARKETING_EMAIL`, `ANALYTICS`. */
  readonly purpose: string;
  readonly anonymous: boolean;
}

/** The header that carries the signed caller context from the gateway to a subgraph. */
export const callerContextHeader = 'x-c360-caller';
