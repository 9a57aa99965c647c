import nodemailer from 'nodemailer'

/** One message as the outbox stores it. */
export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html: string
  /** Stable per digest (`<digest-12-2025-03-05@host>`), so a receiving system can spot a repeat. */
  messageId: string
}

/** Sends mail through the configured SMTP server. */
export interface Mailer {
  readonly from: string
  /** Resolves when the SMTP server accepted the message; rejects with its answer otherwise. */
  send(mail: OutgoingMail): Promise<void>
  close(): void
}

export interface MailerOptions {
  /** e.g. `smtp://user:pass@mail.example.gov.tw:587` or `smtps://…:465`; nodemailer's URL options apply. */
  smtpUrl: string
  /** The From header, e.g. `服務躍升考核系統 <leap@example.gov.tw>`. */
  from: string
}

/**
 * A mailer over SMTP (nodemailer), or null when no SMTP server is configured: the app then works
 * without e-mail and the admin says e-mail is off. Connections are short-lived (one per send) and
 * bounded by timeouts, so a hung server delays one delivery, never the app.
 */
export function createMailer(options: Partial<MailerOptions>): Mailer | null {
  if (!options.smtpUrl || !options.from) return null
  // The URL's own query options (e.g. `?ignoreTLS=true`) win over these timeouts.
  const transport = nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 })
  const from = options.from
  return {
    from,
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId })
    },
    close() {
      transport.close()
    },
  }
}
