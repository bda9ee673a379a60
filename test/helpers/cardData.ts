/** Card data detectors for the "no card number ever touches Recur" checks. */

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * 13–19 digits, optionally grouped with single spaces or dashes, passing Luhn, starting like the
 * major networks' numbers (2–6: Mastercard, Amex, Visa, Mastercard, Discover). The prefix rule
 * keeps millisecond timestamps (which start with 1) from passing for cards a tenth of the time.
 */
export function findCardNumbers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?<![\w.-])[2-6](?:[ -]?\d){12,18}(?![\w])/g)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) found.push(match[0]);
  }
  return found;
}

/** A field named like a card security code holding a value: JSON, form-encoded or a log's key=value. */
export function findSecurityCodes(text: string): string[] {
  const patterns = [/"(?:card[_-]?)?(?:cvc|cvv|cvc2|cvv2|csc)"\s*:\s*"?\d{3,4}/gi, /(?:^|[?&\s,{])(?:card[_-]?)?(?:cvc|cvv|cvc2|cvv2|csc)=\d{3,4}/gim];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[0]));
}
