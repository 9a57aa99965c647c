import { describe, expect, it } from 'vitest'
import { readEnv } from '../env.js'
import { appUrlOf } from './scheduled-jobs.js'

describe('mail settings', () => {
  it('leaves e-mail off without SMTP_URL, and digests at 8 in Taipei by default', () => {
    const env = readEnv({})
    expect([env.SMTP_URL, env.MAIL_FROM, env.DIGEST_HOUR]).toEqual([undefined, undefined, 8])
    expect(readEnv({ SMTP_URL: 'smtp://mail.example.gov.tw:587', MAIL_FROM: 'leap@example.gov.tw', DIGEST_HOUR: '17' })).toMatchObject({ DIGEST_HOUR: 17 })
  })

  it('refuses SMTP_URL without MAIL_FROM, a non-SMTP URL and an hour out of range, naming the variable', () => {
    expect(() => readEnv({ SMTP_URL: 'smtp://mail.example.gov.tw' })).toThrow(/MAIL_FROM: MAIL_FROM is required with SMTP_URL/)
    expect(() => readEnv({ SMTP_URL: 'http://mail.example.gov.tw', MAIL_FROM: 'a@b.c' })).toThrow(/SMTP_URL: SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/)
    expect(() => readEnv({ DIGEST_HOUR: '24' })).toThrow(/DIGEST_HOUR: DIGEST_HOUR must be 0–23/)
    expect(() => readEnv({ APP_URL: 'leap.example.gov.tw' })).toThrow(/APP_URL/)
  })

  it('links e-mails to APP_URL, or to the address the server listens on', () => {
    expect(appUrlOf({ APP_URL: 'https://leap.example.gov.tw/', HOST: '0.0.0.0', PORT: 3000 })).toBe('https://leap.example.gov.tw')
    expect(appUrlOf({ APP_URL: undefined, HOST: '0.0.0.0', PORT: 8080 })).toBe('http://localhost:8080')
    expect(appUrlOf({ APP_URL: undefined, HOST: '127.0.0.1', PORT: 3000 })).toBe('http://127.0.0.1:3000')
  })
})
