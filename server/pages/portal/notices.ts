import { own } from '../../../shared/own';

/** What the dashboard says after an action (POST, then a redirect with ?done=<key>). */
export interface Notice {
  text: string;
  tone: 'ok' | 'bad';
}

const DECLINES: Record<string, string> = {
  insufficient_funds: 'the card has insufficient funds',
  expired_card: 'the card has expired',
  card_declined: 'the card was declined',
  generic_decline: 'the card was declined',
  incorrect_cvc: 'the security code was wrong',
  processing_error: 'the card issuer had a processing error',
};

const NOTICES: Record<string, Notice> = {
  'plan-changed': { text: 'Your plan was changed.', tone: 'ok' },
  'items-changed': { text: 'Your add-ons and seats were changed.', tone: 'ok' },
  'change-scheduled': { text: 'Your change is scheduled for the end of the current period; nothing is charged until then.', tone: 'ok' },
  'change-dropped': { text: 'The scheduled change was canceled: your subscription goes on as it is.', tone: 'ok' },
  canceled: { text: 'Your subscription will end at the end of the current period. You can resume it until then.', tone: 'ok' },
  resumed: { text: 'Your subscription will continue; nothing ends.', tone: 'ok' },
  paused: { text: 'Your payments are paused: you will not be charged until you unpause (or the date you chose).', tone: 'ok' },
  unpaused: { text: 'Your payments are back on: the next renewal is charged as usual.', tone: 'ok' },
  'card-saved': { text: 'Your new card is saved and will be used for future charges.', tone: 'ok' },
  'card-canceled': { text: 'Card update canceled. Your card on file is unchanged.', tone: 'bad' },
  'card-not-saved': { text: 'The card was not saved. Your card on file is unchanged.', tone: 'bad' },
  paid: { text: 'Thank you. The invoice is paid.', tone: 'ok' },
  'pay-in-progress': { text: 'That payment is already in progress. This page shows the invoice as it is now.', tone: 'ok' },
  'signed-out': { text: 'You are signed out.', tone: 'ok' },
};

export function noticeFor(done: string | undefined, code: string | undefined): Notice | undefined {
  if (done === 'change-declined') {
    const reason = (code && own(DECLINES, code)) ?? 'the card was declined';
    return {
      text: `Your plan was not changed: the payment for it did not go through (${reason}). Nothing was charged. Update your card, then change plan again.`,
      tone: 'bad',
    };
  }
  if (done === 'items-declined') {
    const reason = (code && own(DECLINES, code)) ?? 'the card was declined';
    return {
      text: `Your add-ons and seats were not changed: the payment for them did not go through (${reason}). Nothing was charged. Update your card, then try again.`,
      tone: 'bad',
    };
  }
  if (done === 'pay-failed') {
    const reason = (code && own(DECLINES, code)) ?? 'the card was declined';
    return { text: `The payment did not go through: ${reason}. Nothing was charged. Update your card, then press Pay now again.`, tone: 'bad' };
  }
  // ?done= and ?code= come from the URL: own keys only (`?done=constructor` is no notice).
  return done ? own(NOTICES, done) : undefined;
}
