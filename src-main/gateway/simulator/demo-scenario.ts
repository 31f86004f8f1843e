// The built-in `demo` scenario: one dealer group sharing a gateway number between two rooftops,
// a dealer with its own number, a dealer sending through a messaging service, twelve customers
// (ACMA's fictitious 0491 570 xxx mobiles), the outbound history that attribution needs, and
// replies over the first three minutes: Twilio opt-out keywords, words Twilio does not act on
// (UNSUB, "please stop texting me"), an opt back in, HELP, and friendly replies.
// The app seeds its demo database from this same object.
import { parseScenario, type Scenario } from './scenario.ts';

export const DEMO_ACCOUNT_SID = 'AC5d3e1f7a9b2c4d6e8f0a1b2c3d4e5f60';
export const DEMO_AUTH_TOKEN = 'b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6';

export const DEMO_SHARED_NUMBER = '+61480000101';
export const DEMO_KIA_NUMBER = '+61480000202';
export const DEMO_SERVICE_NUMBER = '+61480000303';
export const DEMO_MESSAGING_SERVICE_SID = 'MGd3a1c0e5b7f94a2c8e6d1b3f5a7c9e01';

const MIN = 60_000;
const SEC = 1_000;

export const demoScenario: Scenario = parseScenario({
  name: 'demo',
  description: 'Harbour City Toyota and Harbour City Mazda share one number; Westside Kia has its own; Coastal Hyundai sends through a messaging service.',
  dealers: [
    { id: 'harbour-toyota', name: 'Harbour City Toyota' },
    { id: 'harbour-mazda', name: 'Harbour City Mazda' },
    { id: 'westside-kia', name: 'Westside Kia' },
    { id: 'coastal-hyundai', name: 'Coastal Hyundai' },
  ],
  senders: [
    { number: DEMO_SHARED_NUMBER, dealerIds: ['harbour-toyota', 'harbour-mazda'], label: 'Harbour City group (shared)' },
    { number: DEMO_KIA_NUMBER, dealerIds: ['westside-kia'], label: 'Westside Kia' },
  ],
  messagingServices: [
    { sid: DEMO_MESSAGING_SERVICE_SID, friendlyName: 'Coastal Hyundai', numbers: [DEMO_SERVICE_NUMBER], dealerIds: ['coastal-hyundai'] },
  ],
  customers: [
    { id: 'olivia-nguyen', name: 'Olivia Nguyen', mobile: '+61491570006', email: 'olivia.nguyen@example.com', dealerIds: ['harbour-toyota', 'harbour-mazda'] },
    { id: 'jack-thompson', name: 'Jack Thompson', mobile: '+61491570156', email: 'jack.thompson@example.com', dealerIds: ['harbour-mazda'] },
    { id: 'mia-patel', name: 'Mia Patel', mobile: '+61491570157', email: 'mia.patel@example.com', dealerIds: ['harbour-toyota'] },
    { id: 'noah-williams', name: 'Noah Williams', mobile: '+61491570158', email: 'noah.williams@example.com', dealerIds: ['harbour-toyota', 'harbour-mazda'] },
    { id: 'charlotte-brown', name: 'Charlotte Brown', mobile: '+61491570159', email: 'charlotte.brown@example.com', dealerIds: ['westside-kia'] },
    { id: 'liam-oconnor', name: "Liam O'Connor", mobile: '+61491570110', email: 'liam.oconnor@example.com', dealerIds: ['westside-kia'] },
    { id: 'ava-rossi', name: 'Ava Rossi', mobile: '+61491570313', email: 'ava.rossi@example.com', dealerIds: ['coastal-hyundai'] },
    { id: 'william-chen', name: 'William Chen', mobile: '+61491570737', email: 'william.chen@example.com', dealerIds: ['westside-kia'] },
    { id: 'isla-kaur', name: 'Isla Kaur', mobile: '+61491571266', email: 'isla.kaur@example.com', dealerIds: ['harbour-toyota', 'harbour-mazda'] },
    { id: 'henry-walker', name: 'Henry Walker', mobile: '+61491571491', email: 'henry.walker@example.com', dealerIds: ['coastal-hyundai'] },
    { id: 'amelia-smith', name: 'Amelia Smith', mobile: '+61491571804', email: 'amelia.smith@example.com', dealerIds: ['harbour-mazda'] },
    { id: 'lucas-martin', name: 'Lucas Martin', mobile: '+61491572549', email: 'lucas.martin@example.com', dealerIds: ['westside-kia'] },
  ],
  events: [
    // Outbound history (before the simulator starts): what each dealer last sent each customer.
    { at: -180 * MIN, direction: 'outbound', dealerId: 'harbour-toyota', from: DEMO_SHARED_NUMBER, to: '+61491570006', body: "Hi Olivia, it's Sam from Harbour City Toyota. The RAV4 Hybrid you asked about is in stock - keen for a test drive this week?" },
    { at: -120 * MIN, direction: 'outbound', dealerId: 'harbour-mazda', from: DEMO_SHARED_NUMBER, to: '+61491570006', body: "Hi Olivia, Harbour City Mazda here - our CX-5 demo special ends Sunday. Reply if you'd like the details." },
    { at: -100 * MIN, direction: 'outbound', dealerId: 'harbour-mazda', from: DEMO_SHARED_NUMBER, to: '+61491570156', body: 'Hi Jack, your CX-30 is due for its 30,000 km service. Would Tuesday 9am suit?' },
    { at: -95 * MIN, direction: 'outbound', dealerId: 'harbour-toyota', from: DEMO_SHARED_NUMBER, to: '+61491570157', body: 'Hi Mia, thanks for visiting Harbour City Toyota today. Any questions about the Corolla Cross quote?' },
    { at: -90 * MIN, direction: 'outbound', dealerId: 'harbour-toyota', from: DEMO_SHARED_NUMBER, to: '+61491570158', body: 'Hi Noah, the HiLux SR5 you test drove is still available. Happy to hold it until Friday.' },
    { at: -80 * MIN, direction: 'outbound', dealerId: 'westside-kia', from: DEMO_KIA_NUMBER, to: '+61491570159', body: 'Hi Charlotte, Westside Kia here. The Sportage GT-Line in Dawning Red has arrived!' },
    { at: -75 * MIN, direction: 'outbound', dealerId: 'westside-kia', from: DEMO_KIA_NUMBER, to: '+61491570110', body: 'Hi Liam, your EV6 is ready for pick-up tomorrow from 10am.' },
    { at: -70 * MIN, direction: 'outbound', dealerId: 'coastal-hyundai', from: DEMO_MESSAGING_SERVICE_SID, to: '+61491570313', body: 'Hi Ava, Coastal Hyundai: end-of-month offers on the Tucson are on now. Reply STOP to opt out.' },
    { at: -60 * MIN, direction: 'outbound', dealerId: 'westside-kia', from: DEMO_KIA_NUMBER, to: '+61491570737', body: 'Hi William, just checking in on the Seltos finance quote we sent through.' },
    { at: -55 * MIN, direction: 'outbound', dealerId: 'coastal-hyundai', from: DEMO_MESSAGING_SERVICE_SID, to: '+61491571491', body: 'Hi Henry, Coastal Hyundai: your Kona service booking is confirmed for Thursday 8:30am.' },
    { at: -50 * MIN, direction: 'outbound', dealerId: 'harbour-mazda', from: DEMO_SHARED_NUMBER, to: '+61491571804', body: 'Hi Amelia, the MX-5 you enquired about can be ready for a test drive on Saturday.' },
    { at: -45 * MIN, direction: 'outbound', dealerId: 'westside-kia', from: DEMO_KIA_NUMBER, to: '+61491572549', body: 'Hi Lucas, thanks for your enquiry on the Carnival. When suits for a call?' },

    // Replies over the first minutes.
    { at: 15 * SEC, from: '+61491570006', to: DEMO_SHARED_NUMBER, body: 'STOP', note: 'Twilio opt-out; last outbound on the shared number was Mazda' },
    { at: 30 * SEC, from: '+61491570159', to: DEMO_KIA_NUMBER, body: 'Can I stop by Saturday morning to look at the Sportage?', note: 'friendly, contains "stop"' },
    { at: 45 * SEC, from: '+61491570156', to: DEMO_SHARED_NUMBER, body: 'UNSUB', note: 'app opt-out keyword, not a Twilio one' },
    { at: 60 * SEC, from: '+61491570158', to: DEMO_SHARED_NUMBER, body: 'please stop texting me', note: 'possible opt-out in words' },
    { at: 75 * SEC, from: '+61491570313', to: DEMO_SERVICE_NUMBER, body: 'Stop', note: 'Twilio opt-out scoped to the messaging service' },
    { at: 90 * SEC, from: '+61491570110', to: DEMO_KIA_NUMBER, body: 'Thanks mate, see you tomorrow at 10' },
    { at: 105 * SEC, from: '+61491571266', to: DEMO_SHARED_NUMBER, body: 'STOP', note: 'no outbound history: applies to every account sharing the number, flagged for review' },
    { at: 120 * SEC, from: '+61491570737', to: DEMO_KIA_NUMBER, body: 'Unsubscribe' },
    { at: 135 * SEC, from: '+61491570157', to: DEMO_SHARED_NUMBER, body: "Yes please, what's the drive-away price?", note: 'friendly, starts with "yes"' },
    { at: 150 * SEC, from: '+61491571491', to: DEMO_SERVICE_NUMBER, body: 'HELP' },
    { at: 165 * SEC, from: '+61491571804', to: DEMO_SHARED_NUMBER, body: "Sounds good, I'll call you this arvo" },
    { at: 180 * SEC, from: '+61491570313', to: DEMO_SERVICE_NUMBER, body: 'START', note: 'opts back in' },
  ],
});
