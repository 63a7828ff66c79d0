/**
 * The providers part's public surface for the parts above it: the provider interface, prices,
 * redaction, reliability and ledger recording. Building providers from a config loads the hosted
 * clients, so it stays behind `setup.ts`, which callers load when they need it.
 */
export { createLedgerRecorder } from './ledger-recorder.js';
export { costOf, isFreeProvider, type PriceTable } from './prices.js';
export type { GenerateRequest, GenerateResult, Provider } from './provider.js';
export { createRedactor, isSecretVariableName, type Redactor } from './redact.js';
export { withReliability } from './reliable-provider.js';
