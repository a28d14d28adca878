/**
 * A stand-in for the parts of vitest the engine's gpu test files use (describe, it, it.each, expect with toBe and
 * toEqual), so that the same files run under plain Node on a machine without node_modules (see build.mjs).
 */
export interface RegisteredTest {
  name: string;
  fn: () => unknown;
}

export const tests: RegisteredTest[] = [];
const prefix: string[] = [];

export function describe(name: string, fn: () => void): void {
  prefix.push(name);
  fn();
  prefix.pop();
}

function register(name: string, fn: () => unknown): void {
  tests.push({ name: [...prefix, name].join(' > '), fn });
}

function format(name: string, args: unknown[]): string {
  let i = 0;
  return name.replace(/%[sijd]/g, () => {
    const v = args[i++];
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

export const it = Object.assign(register, {
  each:
    (table: readonly unknown[]) =>
    (name: string, fn: (...args: unknown[]) => unknown): void => {
      for (const row of table) {
        const args = Array.isArray(row) ? row : [row];
        register(format(name, args), () => fn(...args));
      }
    },
});
export const test = it;

export function expect(value: unknown, message?: string) {
  const fail = (what: string): never => {
    throw new Error(`${message ?? ''} ${what}`);
  };
  return {
    toBe: (v: unknown) => (Object.is(value, v) ? undefined : fail(`expected ${String(v)}, got ${String(value)}`)),
    toEqual: (v: unknown) =>
      JSON.stringify(value) === JSON.stringify(v)
        ? undefined
        : fail(`expected ${JSON.stringify(v)}, got ${JSON.stringify(value)}`),
    toBeGreaterThan: (v: number) => ((value as number) > v ? undefined : fail(`expected > ${v}, got ${String(value)}`)),
    toBeLessThan: (v: number) => ((value as number) < v ? undefined : fail(`expected < ${v}, got ${String(value)}`)),
    toBeGreaterThanOrEqual: (v: number) =>
      (value as number) >= v ? undefined : fail(`expected >= ${v}, got ${String(value)}`),
    toBeLessThanOrEqual: (v: number) =>
      (value as number) <= v ? undefined : fail(`expected <= ${v}, got ${String(value)}`),
    toBeCloseTo: (v: number, digits = 2) =>
      Math.abs((value as number) - v) < 10 ** -digits / 2 ? undefined : fail(`expected ${String(value)} close to ${v}`),
    toBeTruthy: () => (value ? undefined : fail(`expected truthy, got ${String(value)}`)),
    toBeFalsy: () => (value ? fail(`expected falsy, got ${String(value)}`) : undefined),
    toBeNull: () => (value === null ? undefined : fail(`expected null, got ${String(value)}`)),
    toHaveLength: (n: number) =>
      (value as { length: number }).length === n
        ? undefined
        : fail(`expected length ${n}, got ${(value as { length: number }).length}`),
    toThrow: (pattern?: RegExp | string) => {
      try {
        (value as () => unknown)();
      } catch (err) {
        const text = String((err as Error).message);
        if (pattern === undefined || (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)))
          return;
        fail(`threw '${text}', expected ${String(pattern)}`);
      }
      fail('expected a throw');
    },
  };
}

export function beforeAll(fn: () => unknown): void {
  tests.unshift({ name: 'beforeAll', fn });
}

export function afterAll(): void {}
