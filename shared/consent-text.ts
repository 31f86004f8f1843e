// Moved to shared/domain/consent-wording.ts (one consent wording for main and the renderer);
// kept as a re-export for the callers that import it from here.
export { describeOptOutSource, formatWhen, optedOutMessage } from './domain/consent-wording.ts';
