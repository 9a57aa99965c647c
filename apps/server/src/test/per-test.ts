import { beforeEach } from 'vitest'
import type { DatabaseHandle } from '../db/client.js'
import { createFixtureUsers, type FixtureUsers } from './fixtures.js'

/**
 * A value made afresh before each test of the file (`make` runs in a `beforeEach` registered where
 * this is called, so after `useTestDatabase()` has emptied the database when called below it).
 * Returns a stand-in that reads the current value; reading it before the first test starts throws.
 *
 * ```ts
 * const database = useTestDatabase()
 * const world = perTest(() => createInspectionWorld(database))
 * ```
 */
export function perTest<T extends object>(make: () => Promise<T>): T {
  let value: T | undefined
  beforeEach(async () => {
    value = await make()
  })
  const current = (): T => {
    if (!value) throw new Error('perTest values are made in beforeEach: use them inside hooks and tests')
    return value
  }
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(current(), key) as unknown,
    has: (_, key) => Reflect.has(current(), key),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), key)
      return descriptor && { ...descriptor, configurable: true }
    },
  })
}

/** The fixture users (one of each role, and the branch ids), made afresh before each test. */
export function useFixtureUsers(database: DatabaseHandle): FixtureUsers {
  return perTest(() => createFixtureUsers(database.db))
}
