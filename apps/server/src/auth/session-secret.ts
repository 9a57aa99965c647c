import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Env } from '../env.js'

/**
 * The key for session ids. SESSION_SECRET when set. With PostgreSQL it is required (every
 * instance must hash tokens alike): throws a message saying how to make one. Embedded mode keeps a
 * generated one in DATA_DIR/session-secret (mode 0600) so sessions survive restarts.
 */
export function loadSessionSecret(env: Pick<Env, 'SESSION_SECRET' | 'DATABASE_URL' | 'DATA_DIR'>): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET
  if (env.DATABASE_URL) {
    throw new Error(
      'SESSION_SECRET is required with DATABASE_URL (PostgreSQL): every server instance must share it.\n' +
        '  Set it to at least 32 random characters, e.g. SESSION_SECRET=$(openssl rand -hex 32)',
    )
  }
  const file = path.join(env.DATA_DIR, 'session-secret')
  try {
    const stored = fs.readFileSync(file, 'utf8').trim()
    if (stored.length >= 32) return stored
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  fs.mkdirSync(env.DATA_DIR, { recursive: true })
  const secret = randomBytes(32).toString('hex')
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 })
  return secret
}
