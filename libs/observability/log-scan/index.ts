export { describeFindings, scanLogFiles, scanLogText, type LogFinding } from './log-scan';
export { fullNameKey, personalIdKey, personalValues, type PersonalValues } from './personal-values';
