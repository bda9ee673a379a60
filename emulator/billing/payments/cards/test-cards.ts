import type { CardBehaviour } from './behaviour';
import {
  EXPIRED_CARD,
  FRAUDULENT,
  GENERIC_DECLINE,
  INCORRECT_CVC,
  INSUFFICIENT_FUNDS,
  LOST_CARD,
  PROCESSING_ERROR,
  STOLEN_CARD,
  SUCCEEDS,
  declinesAtAttach,
} from './behaviour';

/**
 * Stripe's documented test numbers that do something other than succeed at once
 * (docs.stripe.com/testing: "Declined payments", "Authentication and setup", "3D Secure").
 */
const SPECIAL_NUMBERS: Record<string, CardBehaviour> = {
  // Declines: 0341 attaches and fails every charge; the others fail already at attach.
  '4000000000000341': { attach: null, authentication: 'never', charge: GENERIC_DECLINE },
  '4000000000000002': declinesAtAttach(GENERIC_DECLINE),
  '4000000000009995': declinesAtAttach(INSUFFICIENT_FUNDS),
  '4000000000009987': declinesAtAttach(LOST_CARD),
  '4000000000009979': declinesAtAttach(STOLEN_CARD),
  '4000000000000069': declinesAtAttach(EXPIRED_CARD),
  '4000000000000127': declinesAtAttach(INCORRECT_CVC),
  '4000000000000119': declinesAtAttach(PROCESSING_ERROR),
  '4100000000000019': declinesAtAttach(FRAUDULENT),
  // Authentication and setup.
  '4000002500003155': { attach: null, authentication: 'unless_set_up', charge: null },
  '4000002760003184': { attach: null, authentication: 'always', charge: null },
  '4000003800000446': { attach: null, authentication: 'on_session', charge: null },
  '4000008260003178': { attach: null, authentication: 'always', charge: INSUFFICIENT_FUNDS },
  // 3D Secure.
  '4000000000003220': { attach: null, authentication: 'always', charge: null },
  '4000000000003063': { attach: null, authentication: 'always', charge: null },
  '4000008400001629': { attach: null, authentication: 'always', charge: GENERIC_DECLINE },
  '4000008400001280': { attach: null, authentication: 'always', charge: PROCESSING_ERROR },
  '4000000000003055': SUCCEEDS,
  '4000000000003097': SUCCEEDS,
};

export function behaviourOfNumber(number: string): CardBehaviour {
  return SPECIAL_NUMBERS[number] ?? SUCCEEDS;
}

/**
 * Magic PaymentMethod ids and tokens stand for a test card number; each use makes a fresh
 * PaymentMethod from it, as Stripe does.
 */
const MAGIC: Record<string, string> = {
  visa: '4242424242424242',
  visa_debit: '4000056655665556',
  mastercard: '5555555555554444',
  mastercard_debit: '5200828282828210',
  amex: '378282246310005',
  discover: '6011111111111117',
  chargeCustomerFail: '4000000000000341',
  visa_chargeDeclined: '4000000000000002',
  chargeDeclined: '4000000000000002',
  visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  chargeDeclinedInsufficientFunds: '4000000000009995',
  visa_chargeDeclinedLostCard: '4000000000009987',
  chargeDeclinedLostCard: '4000000000009987',
  visa_chargeDeclinedStolenCard: '4000000000009979',
  chargeDeclinedStolenCard: '4000000000009979',
  visa_chargeDeclinedExpiredCard: '4000000000000069',
  chargeDeclinedExpiredCard: '4000000000000069',
  chargeDeclinedIncorrectCvc: '4000000000000127',
  chargeDeclinedProcessingError: '4000000000000119',
  chargeDeclinedFraudulent: '4100000000000019',
  authenticationRequiredOnSetup: '4000002500003155',
  authenticationRequired: '4000002760003184',
  authenticationRequiredSetupForOffSession: '4000003800000446',
  authenticationRequiredChargeDeclinedInsufficientFunds: '4000008260003178',
  threeDSecure2Required: '4000000000003220',
  threeDSecureRequired: '4000000000003063',
  threeDSecureRequiredChargeDeclined: '4000008400001629',
  threeDSecureRequiredProcessingError: '4000008400001280',
  threeDSecureOptional: '4000000000003055',
  threeDSecureOptionalProcessingError: '4000000000003097',
};

/** `pm_card_visa` → 4242…, `tok_chargeCustomerFail` → 4000…0341; undefined for anything else. */
export function magicCardNumber(id: string): string | undefined {
  const name = id.startsWith('pm_card_') ? id.slice('pm_card_'.length) : id.startsWith('tok_') ? id.slice('tok_'.length) : null;
  if (name === null || !Object.hasOwn(MAGIC, name)) return undefined;
  return MAGIC[name];
}
