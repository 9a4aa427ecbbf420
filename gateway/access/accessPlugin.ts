import { print } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { AuditEntry } from '../../lib/audit/AuditRecord.ts';
import { ErrorCode } from '../../lib/errors.ts';
import { describeError, type Logger } from '../../lib/logger.ts';
import type { SensitiveField } from '../../lib/sensitivity/index.ts';
import type { GatewayContext } from '../context.ts';
import { accessPaths, type FieldAccess } from './accessPaths.ts';
import { consentDecisions } from './consentDecisions.ts';

export interface AccessPluginOptions {
  /** `@sensitive` fields of the supergraph, read from its SDL text (the gateway's schema object drops custom directives). */
  sensitivity: ReadonlyMap<string, SensitiveField>;
  /** Writes one audit record; rejects when the audit store cannot be written. */
  audit: (entry: AuditEntry) => Promise<unknown>;
  logger: Logger;
}

const audited = new Set(['CONFIDENTIAL', 'RESTRICTED']);

/**
 * After execution: lists the masked and denied paths in `extensions.access` (those consent
 * restricted also in `consentRequired`), and writes one audit record for every operation that
 * touched CONFIDENTIAL or RESTRICTED fields or had a CONTACT field restricted by consent (each
 * field path with its decision, the customers the subgraphs reported, and in `details.consent`
 * each consent decision with its purpose, basis and deciding event or default rule). Fails closed: when the record cannot be
 * written, the response carries no data, only an INTERNAL_SERVER_ERROR saying why.
 */
export function createAccessPlugin(options: AccessPluginOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, document, operationName, source, schema }) {
          if (response.body.kind !== 'single' || !document || !contextValue.caller) return;
          const result = response.body.singleResult;
          // Clearance decisions are recomputed here (the same rule as the subgraphs'); consent
          // decisions depend on the ledger, so they come from the subgraphs' reports, placed on
          // the client's paths, and from the CONSENT_REQUIRED errors the gateway already placed.
          const consent = consentDecisions(contextValue.accessReports, result.data);
          const byConsent = new Map<string, 'MASKED' | 'DENIED'>(consent.filter((c) => c.path !== null).map((c) => [c.path!, c.decision]));
          for (const error of result.errors ?? []) {
            if (error.extensions?.code === ErrorCode.CONSENT_REQUIRED && error.path) byConsent.set(error.path.join('.'), 'DENIED');
          }
          const fields: FieldAccess[] = accessPaths({
            schema,
            sensitivity: options.sensitivity,
            document,
            operationName,
            data: result.data as Record<string, unknown> | null | undefined,
            clearance: contextValue.caller.clearance,
          }).map((f) => {
            const decision = f.decision === 'DENIED' ? undefined : byConsent.get(f.path.join('.'));
            return decision ? { ...f, decision } : f;
          });
          const masked = fields.filter((f) => f.decision === 'MASKED').map((f) => f.path);
          const denied = fields.filter((f) => f.decision === 'DENIED').map((f) => f.path);
          const consentPaths = fields.filter((f) => byConsent.has(f.path.join('.')) && f.decision !== 'CLEAR').map((f) => f.path);
          if (masked.length > 0 || denied.length > 0) {
            result.extensions = { ...result.extensions, access: { masked, denied, ...(consentPaths.length > 0 ? { consentRequired: consentPaths } : {}) } };
          }
          if (!fields.some((f) => audited.has(f.level)) && consent.length === 0) return;
          const customerIds = [...new Set(contextValue.accessReports.flatMap((r) => r.reports.map((d) => d.customerId)).filter((id): id is string => id !== null))].sort();
          try {
            await options.audit({
              requestId: contextValue.requestId,
              subject: contextValue.caller.subject,
              client: contextValue.caller.client,
              purpose: contextValue.caller.purpose,
              operationName: operationName ?? null,
              operationText: source ?? print(document),
              fields: fields.map((f) => ({ path: f.path.join('.'), decision: f.decision, level: f.level })),
              customerIds,
              ...(consent.length > 0 ? { details: { consent } } : {}),
            });
          } catch (error) {
            options.logger.error({ requestId: contextValue.requestId, err: describeError(error) }, 'audit write failed: sensitive data withheld');
            response.body.singleResult = {
              data: null,
              errors: [{ message: 'The audit log could not be written, so sensitive data is withheld', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }],
            };
            response.http.status = 503;
          }
        },
      };
    },
  };
}
