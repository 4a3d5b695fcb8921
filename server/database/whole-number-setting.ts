/**
 * A whole-number setting from the environment: `fallback` when unset or empty, else a whole number
 * from 0 to `max`, or an error naming the setting and the value given.
 */
export function wholeNumberSetting(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > max) throw new Error(`${name} must be a whole number from 0 to ${max} (got "${value}").`);
  return number;
}
