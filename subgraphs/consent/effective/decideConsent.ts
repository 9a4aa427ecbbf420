import type { ConsentPolicy, ConsentRegime } from '../../../lib/consent/index.ts';
import type { ConsentEvent, ConsentState, ConsentStatus, PrivacySignal } from './types.ts';

/**
 * How an effective decision was reached: `EXPLICIT` the latest event decided; `EXPIRED` the latest
 * event is a grant whose `expiresAt` has passed (it lapsed: not allowed); `DEFAULT` no event, the
 * jurisdiction's default rule decided; `ESSENTIAL` the purpose is essential and never blocked.
 */
export type ConsentBasis = 'EXPLICIT' | 'EXPIRED' | 'DEFAULT' | 'ESSENTIAL';
/** `OPT_IN`: missing means denied. `OPT_OUT`: missing means allowed. `GPC`: opt-out regime, but a GPC signal was recorded. `ESSENTIAL`: never blocked. */
export type DefaultRuleKind = 'OPT_IN' | 'OPT_OUT' | 'GPC' | 'ESSENTIAL';

/** The rule that applies to a purpose when the customer decided nothing (always given, so a caller sees what a withdrawal falls back to). */
export interface DefaultRule {
  rule: DefaultRuleKind;
  allowed: boolean;
  jurisdiction: string;
  /** Null for an essential purpose. */
  regime: ConsentRegime | null;
  /** Whether a GPC signal is recorded for the customer. */
  gpc: boolean;
}

export interface ConsentDecision {
  purpose: string;
  allowed: boolean;
  basis: ConsentBasis;
  /** The deciding event for `EXPLICIT` and `EXPIRED`; null otherwise. */
  decidedBy: ConsentEvent | null;
  defaultRule: DefaultRule;
}

export interface CustomerSignals {
  /** The customer's jurisdiction: the latest recorded, else the configured default. */
  jurisdiction: string;
  /** True when a jurisdiction signal (not the default) gave it. */
  recorded: boolean;
  gpc: boolean;
}

/** WITHDRAWN wins a tie, then DENIED, then GRANTED: at the same instant, ambiguity never grants. */
const statusRank: Record<ConsentStatus, number> = { WITHDRAWN: 0, DENIED: 1, GRANTED: 2 };

/** Compares bigserial ids given as decimal strings. */
const compareIds = (a: string, b: string) => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0);

/** True when `a` supersedes `b`: later `capturedAt`; at a tie WITHDRAWN > DENIED > GRANTED; then the later recorded (higher id). */
function supersedes(a: ConsentEvent, b: ConsentEvent): boolean {
  if (a.capturedAt !== b.capturedAt) return a.capturedAt > b.capturedAt;
  if (a.status !== b.status) return statusRank[a.status] < statusRank[b.status];
  return compareIds(a.id, b.id) > 0;
}

/** The latest explicit decision per purpose over every key's events (expired or not), sorted by purpose. */
export function latestDecisions(events: readonly ConsentEvent[]): ConsentEvent[] {
  const latest = new Map<string, ConsentEvent>();
  for (const event of events) {
    const current = latest.get(event.purpose);
    if (!current || supersedes(event, current)) latest.set(event.purpose, event);
  }
  return [...latest.values()].sort((a, b) => (a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : 0));
}

/**
 * The customer's jurisdiction and GPC state over all their keys: the latest jurisdiction signal
 * (at a tie: an opt-in jurisdiction first, then by code), else the policy's default; GPC from the
 * latest GPC signal (at a tie, `true` wins). A recorded jurisdiction the policy no longer knows
 * falls back to the default.
 */
export function customerSignals(signals: readonly PrivacySignal[], policy: ConsentPolicy): CustomerSignals {
  let jurisdiction: PrivacySignal | null = null;
  let gpc: PrivacySignal | null = null;
  const optIn = (code: string) => policy.jurisdictions[code]?.regime === 'OPT_IN';
  for (const signal of signals) {
    if (signal.jurisdiction !== null && Object.hasOwn(policy.jurisdictions, signal.jurisdiction)) {
      const better =
        !jurisdiction ||
        signal.capturedAt > jurisdiction.capturedAt ||
        (signal.capturedAt === jurisdiction.capturedAt &&
          (optIn(signal.jurisdiction) !== optIn(jurisdiction.jurisdiction!) ? optIn(signal.jurisdiction) : signal.jurisdiction < jurisdiction.jurisdiction!));
      if (better) jurisdiction = signal;
    }
    if (signal.gpc !== null) {
      const better = !gpc || signal.capturedAt > gpc.capturedAt || (signal.capturedAt === gpc.capturedAt && signal.gpc && !gpc.gpc);
      if (better) gpc = signal;
    }
  }
  return { jurisdiction: jurisdiction?.jurisdiction ?? policy.defaultJurisdiction, recorded: jurisdiction !== null, gpc: gpc?.gpc ?? false };
}

/** The default for a purpose where nothing was decided (see {@link DefaultRuleKind}). */
export function defaultRule(purpose: string, signals: CustomerSignals, policy: ConsentPolicy): DefaultRule {
  const { jurisdiction, gpc } = signals;
  if (policy.purposes.some((p) => p.id === purpose && p.essential)) return { rule: 'ESSENTIAL', allowed: true, jurisdiction, regime: null, gpc };
  const table = policy.jurisdictions[jurisdiction] ?? policy.jurisdictions[policy.defaultJurisdiction]!;
  const regime = table.purposes[purpose] ?? table.regime;
  if (regime === 'OPT_IN') return { rule: 'OPT_IN', allowed: false, jurisdiction, regime, gpc };
  if (gpc && policy.gpcPurposes.includes(purpose)) return { rule: 'GPC', allowed: false, jurisdiction, regime, gpc };
  return { rule: 'OPT_OUT', allowed: true, jurisdiction, regime, gpc };
}

/**
 * The effective consent of one customer for one purpose at `now` (issue 4):
 * 1. an essential purpose (SERVICE) is always allowed, whatever was recorded;
 * 2. else the latest explicit decision over all the customer's keys wins (at the same `capturedAt`
 *    WITHDRAWN, then DENIED, then GRANTED); a grant whose `expiresAt` is at or before `now` has
 *    lapsed and does not allow (basis `EXPIRED`);
 * 3. else the default rule of the customer's jurisdiction for that purpose (opt-in: denied;
 *    opt-out: allowed unless a GPC signal was recorded and the purpose is one GPC opts out of).
 * `state` may hold events of other purposes; `now` is an ISO 8601 UTC string.
 */
export function decideConsent(purpose: string, state: ConsentState, policy: ConsentPolicy, now: string): ConsentDecision {
  const signals = customerSignals(state.signals, policy);
  const fallback = defaultRule(purpose, signals, policy);
  if (fallback.rule === 'ESSENTIAL') return { purpose, allowed: true, basis: 'ESSENTIAL', decidedBy: null, defaultRule: fallback };
  const latest = latestDecisions(state.events.filter((e) => e.purpose === purpose))[0];
  if (!latest) return { purpose, allowed: fallback.allowed, basis: 'DEFAULT', decidedBy: null, defaultRule: fallback };
  if (latest.status === 'GRANTED' && latest.expiresAt !== null && latest.expiresAt <= now) {
    return { purpose, allowed: false, basis: 'EXPIRED', decidedBy: latest, defaultRule: fallback };
  }
  return { purpose, allowed: latest.status === 'GRANTED', basis: 'EXPLICIT', decidedBy: latest, defaultRule: fallback };
}

/** One sentence saying why, for `canCollect` and rejected ingestion; names no personal data. */
export function explainDecision(decision: ConsentDecision): string {
  const { purpose, defaultRule: rule } = decision;
  switch (decision.basis) {
    case 'ESSENTIAL':
      return `${purpose} is essential and never blocked`;
    case 'EXPIRED':
      return `the latest decision for ${purpose} is a grant that expired at ${decision.decidedBy!.expiresAt} (event ${decision.decidedBy!.id})`;
    case 'EXPLICIT':
      return `${decision.decidedBy!.status} for ${purpose} at ${decision.decidedBy!.capturedAt} (event ${decision.decidedBy!.id})`;
    case 'DEFAULT':
      if (rule.rule === 'OPT_IN') return `no decision recorded for ${purpose}, and ${rule.jurisdiction} is opt-in for it: missing consent means denied`;
      if (rule.rule === 'GPC') return `no decision recorded for ${purpose}; ${rule.jurisdiction} is opt-out for it, but a Global Privacy Control signal was recorded`;
      return `no decision recorded for ${purpose}, and ${rule.jurisdiction} is opt-out for it: missing consent means allowed`;
  }
}
