export { type Caller, callerContextHeader } from './Caller.ts';
export {
  signCallerContext,
  verifyCallerContext,
  callerLimits,
  type CallerContextVerification,
  type SignCallerContextOptions,
} from './callerContext.ts';
export {
  createAuthenticator,
  issueDevelopmentToken,
  type Authenticator,
  type AuthenticatorOptions,
  type DevelopmentTokenClaims,
} from './authenticate.ts';
export { resolveSecret, secretVariables, type ResolveSecretOptions, type SecretName } from './devSecrets.ts';
