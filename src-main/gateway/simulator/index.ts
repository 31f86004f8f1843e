// Public surface of the local Twilio-compatible gateway simulator.
export { GatewaySimulator, type GatewaySimulatorOptions, type StartOptions } from './simulator.ts';
export { manualClock, type Clock, type ManualClock } from '../../clock.ts';
export { seededRandom, type Random } from '../../seeded-random.ts';
export type { InboundInput, SimMessagingService } from './core.ts';
export { parseFaultSpec, resolveFaultConfig, NO_FAULTS, type FaultConfig, type FaultKind, type FaultRecord } from './faults.ts';
export {
  parseScenario,
  loadScenarioFile,
  scenarioNumbers,
  type Scenario,
  type ScenarioInput,
  type ScenarioEvent,
  type ScenarioSender,
  type ScenarioMessagingService,
  type ScenarioCustomer,
  type ScenarioDealer,
} from './scenario.ts';
export {
  demoScenario,
  DEMO_ACCOUNT_SID,
  DEMO_AUTH_TOKEN,
  DEMO_SHARED_NUMBER,
  DEMO_KIA_NUMBER,
  DEMO_SERVICE_NUMBER,
  DEMO_MESSAGING_SERVICE_SID,
} from './demo-scenario.ts';
export {
  gatewayKeyword,
  TWILIO_OPT_OUT_KEYWORDS,
  TWILIO_OPT_IN_KEYWORDS,
  TWILIO_HELP_KEYWORDS,
  type OptOutEntry,
} from './opt-out-registry.ts';
export { countSegments, type SegmentInfo } from '../../../shared/sms-segments.ts';
export { rfc2822, type TwilioErrorBody, type TwilioMessagePage, type TwilioMessageResource, type TwilioMessageStatus } from './twilio-format.ts';
