/** Tiny assertions for test scripts: each throws an Error whose message says what was wrong. */

export function expectStatus(actual: number | undefined, expected: number): void {
  if (actual !== expected)
    throw new Error(
      `expected HTTP ${expected}, got ${actual === undefined ? 'no response (the request failed)' : actual}`,
    );
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export function expectNonEmptyString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '')
    throw new Error(`${what} is missing or not a string`);
  return value;
}

export function expectPositiveNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !(value > 0))
    throw new Error(`${what} is not a positive number`);
  return value;
}

export function expectTrue(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}
