/**
 * An object that stands for one a suite makes later, in beforeAll: suites name it at the top level
 * and use it inside tests and hooks. Methods are bound to the real object, so its own `this` holds.
 */
export interface StandIn<T extends object> {
  /** The stand-in to hand out. */
  readonly value: T;
  /** The real object from now on (undefined: not running). */
  set(real: T | undefined): void;
}

export function standIn<T extends object>(notRunning: string): StandIn<T> {
  let real: T | undefined;
  const value = new Proxy({} as T, {
    get: (_target, property) => {
      if (!real) throw new Error(notRunning);
      const v: unknown = Reflect.get(real, property);
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(real) : v;
    },
  });
  return {
    value,
    set: (r) => {
      real = r;
    },
  };
}
