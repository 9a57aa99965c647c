import path from 'node:path'
import { z } from 'zod'

/** Everything the server reads from the environment, validated once. Nothing else reads `process.env`. */
const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .url({ message: 'DATABASE_URL must be a postgres:// URL' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('./.data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SESSION_SECRET: z.string().min(32, { message: 'SESSION_SECRET must be at least 32 characters' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ADMIN_DIST: z.string().optional(),
  /**
   * Proxies whose X-Forwarded-For/-Proto to believe: `false` (default), `true`, a hop count, or a
   * comma-separated list of addresses/CIDRs (e.g. `127.0.0.1,10.0.0.0/8`).
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value): boolean | number | string[] => {
      const v = value?.trim() ?? ''
      if (v === '' || v === 'false') return false
      if (v === 'true') return true
      if (/^\d+$/.test(v)) return Number(v)
      return v.split(',').map((s) => s.trim()).filter(Boolean)
    }),
  /** The Kai font of the printed documents, e.g. Windows' 標楷體 `kaiu.ttf`; default Debian's fonts-arphic-ukai. */
  LEAP_KAI_FONT: z.string().min(1).optional(),
  /** The face inside a `.ttc` collection named by LEAP_KAI_FONT (its PostScript name, e.g. `UKaiTW`). */
  LEAP_KAI_FONT_FACE: z.string().min(1).optional(),
  /** Password for `user create` (otherwise read from stdin); never taken from the command line. */
  LEAP_PASSWORD: z.string().optional(),
  /** A session ends after this many minutes without a request (agency security rules often ask for 15 or 30). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5, { message: 'SESSION_IDLE_MINUTES must be at least 5' }).max(1440).default(120),
  /** A session ends this many hours after sign-in, however active. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1, { message: 'SESSION_MAX_HOURS must be at least 1' }).max(168).default(12),
  /** SMTP server for the daily notification digests, e.g. `smtp://user:pass@mail.example.gov.tw:587`; unset: no e-mail. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/./, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** From header of the digests, e.g. `服務躍升考核系統 <leap@example.gov.tw>`; required with SMTP_URL. */
  MAIL_FROM: z.string().min(3).optional().or(z.literal('').transform(() => undefined)),
  /** The address people open the app at, for links in e-mails; default http://HOST:PORT. */
  APP_URL: z.string().url({ message: 'APP_URL must be an http(s):// URL' }).optional().or(z.literal('').transform(() => undefined)),
  /** Hour of the day (Asia/Taipei) from which the daily digest is sent. */
  DIGEST_HOUR: z.coerce.number().int().min(0, { message: 'DIGEST_HOUR must be 0–23' }).max(23, { message: 'DIGEST_HOUR must be 0–23' }).default(8),
}).refine((e) => e.SESSION_IDLE_MINUTES <= e.SESSION_MAX_HOURS * 60, {
  path: ['SESSION_IDLE_MINUTES'],
  message: 'SESSION_IDLE_MINUTES must not exceed SESSION_MAX_HOURS (the idle limit is within the session length)',
}).refine((e) => !e.SMTP_URL || e.MAIL_FROM, {
  path: ['MAIL_FROM'],
  message: 'MAIL_FROM is required with SMTP_URL (the From address of the digests)',
})

export type Env = z.infer<typeof EnvSchema> & { DATA_DIR: string }

/**
 * Parses the environment. Throws a readable message naming each bad variable.
 * `DATA_DIR` is resolved against the working directory.
 */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) }
}
