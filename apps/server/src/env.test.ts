import { describe, expect, it } from 'vitest'
import { readEnv } from './env.js'

describe('readEnv', () => {
  it('defaults the session lifetimes to 2 hours idle and 12 hours at most', () => {
    expect(readEnv({})).toMatchObject({ SESSION_IDLE_MINUTES: 120, SESSION_MAX_HOURS: 12 })
    expect(readEnv({ SESSION_IDLE_MINUTES: '15', SESSION_MAX_HOURS: '9' })).toMatchObject({ SESSION_IDLE_MINUTES: 15, SESSION_MAX_HOURS: 9 })
  })

  it('refuses lifetimes out of range or an idle limit longer than the session, naming the variable', () => {
    expect(() => readEnv({ SESSION_IDLE_MINUTES: '1' })).toThrow(/SESSION_IDLE_MINUTES: SESSION_IDLE_MINUTES must be at least 5/)
    expect(() => readEnv({ SESSION_MAX_HOURS: 'zero' })).toThrow(/SESSION_MAX_HOURS/)
    expect(() => readEnv({ SESSION_IDLE_MINUTES: '600', SESSION_MAX_HOURS: '8' })).toThrow(/SESSION_IDLE_MINUTES: SESSION_IDLE_MINUTES must not exceed SESSION_MAX_HOURS/)
  })
})
