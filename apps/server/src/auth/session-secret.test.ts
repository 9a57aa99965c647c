import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSessionSecret } from './session-secret.js'

describe('loadSessionSecret', () => {
  it('uses SESSION_SECRET when set', () => {
    expect(loadSessionSecret({ SESSION_SECRET: 's'.repeat(40), DATABASE_URL: 'postgres://x/y', DATA_DIR: '/nonexistent' })).toBe('s'.repeat(40))
  })

  it('refuses PostgreSQL without SESSION_SECRET, saying how to make one', () => {
    expect(() => loadSessionSecret({ SESSION_SECRET: undefined, DATABASE_URL: 'postgres://x/y', DATA_DIR: '/nonexistent' })).toThrow(
      /SESSION_SECRET is required with DATABASE_URL[\s\S]*openssl rand -hex 32/,
    )
  })

  it('generates one in DATA_DIR/session-secret (owner-only) and keeps it across restarts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leap-secret-'))
    try {
      const first = loadSessionSecret({ SESSION_SECRET: undefined, DATABASE_URL: undefined, DATA_DIR: dir })
      expect(first).toMatch(/^[0-9a-f]{64}$/)
      expect(fs.statSync(path.join(dir, 'session-secret')).mode & 0o077).toBe(0)
      expect(loadSessionSecret({ SESSION_SECRET: undefined, DATABASE_URL: undefined, DATA_DIR: dir })).toBe(first)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
