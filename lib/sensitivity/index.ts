export { AccessRecorder, type AccessReport } from './AccessRecorder.ts';
export { decisionFor, enforceSensitivity, type AccessContext } from './enforceSensitivity.ts';
export { decideAccess, isSensitivityLevel, levelRank, type AccessDecision, type DataCategory, type Mask, type Sensitivity } from './levels.ts';
export { maskResolved, maskValue } from './maskValue.ts';
export { assertSensitivityFits, readSensitivity, sensitiveDefinitions, withSensitiveDefinitions, type SensitiveField } from './readSensitivity.ts';
