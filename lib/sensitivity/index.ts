export { AccessRecorder, type AccessReport, type ConsentReport } from './AccessRecorder.ts';
export { consentGate, decisionFor, enforceSensitivity, type AccessContext, type EnforcementOptions } from './enforceSensitivity.ts';
export { decideAccess, isSensitivityLevel, levelRank, type AccessDecision, type DataCategory, type Mask, type Sensitivity } from './levels.ts';
export { maskResolved, maskValue } from './maskValue.ts';
export { assertSensitivityFits, readSensitivity, sensitiveDefinitions, withSensitiveDefinitions, type SensitiveField } from './readSensitivity.ts';
