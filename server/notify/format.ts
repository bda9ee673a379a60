import { once } from '../../shared/once';

// Made once, on first use: making an Intl.DateTimeFormat costs far more than formatting with one.
const DAY = once(() => new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }));
const TIME = once(() => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }));

/** "Tue, 2 Jun 2026, 09:00 UTC": e-mails are read anywhere, so times say their zone. */
export function formatWhen(date: Date | null | undefined): string {
  if (!date) return '';
  const day = DAY().format(date);
  const time = TIME().format(date);
  return `${day.replace(/^(\w+) /, '$1, ')}, ${time} UTC`;
}
