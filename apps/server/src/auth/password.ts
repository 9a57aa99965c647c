import { hash, verify, type Algorithm } from '@node-rs/argon2'

/** Shortest password accepted when a user is created or changes their password. */
export const MIN_PASSWORD_LENGTH = 10
/** Longest accepted: bounds the hashing work an anonymous request can cause. */
export const MAX_PASSWORD_LENGTH = 200

// Algorithm is an ambient const enum; with isolatedModules its members cannot be referenced.
const ARGON2ID = 2 as Algorithm
// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

/** Hashes a password with argon2id; returns the PHC string (`$argon2id$v=19$m=…`). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

/** True when `password` matches the PHC string. Never throws: a malformed hash is a mismatch. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

let dummyHash: Promise<string> | undefined

/**
 * Burns the time of one verification when the user does not exist or is inactive, so the
 * response time does not reveal which usernames are real. Always resolves false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('not-a-real-password-0000')
  await verifyPassword(await dummyHash, password)
  return false
}
