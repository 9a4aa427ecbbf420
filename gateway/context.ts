/** Per-request context of the gateway. */
export interface GatewayContext {
  /** Correlates the gateway's and the subgraphs' logs; sent to subgraphs as `x-request-id`. */
  requestId: string;
}
