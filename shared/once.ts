/**
 * A value made on first use and kept. For Intl formats made at module level: the first one a
 * process makes maps ICU's locale data (~8 MB resident), which a server that formats no date or
 * amount while idle should not hold.
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => {
    if (!made) made = { value: make() };
    return made.value;
  };
}
