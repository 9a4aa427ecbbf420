export {
  consentPurposeFor,
  ConsentPolicyError,
  consentRegimes,
  defaultConsentPolicy,
  isEssentialCallerPurpose,
  parseConsentPolicy,
  type ConsentPolicy,
  type ConsentPurposeDefinition,
  type ConsentRegime,
  type JurisdictionPolicy,
} from './consentPolicy.ts';
export { contactPermissionOf, contactPermissionSelection, withContactPermission, type ContactPermission } from './contactPermission.ts';
export { checkCollection, type CheckCollectionOptions, type CollectionCheck, type CollectionVerdict } from './checkCollection.ts';
