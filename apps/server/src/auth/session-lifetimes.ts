/** By default a session ends after this long without a request (2 hours; `SESSION_IDLE_MINUTES`). */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000
/** By default a session ends this long after sign-in, however active (12 hours: one working day; `SESSION_MAX_HOURS`). */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000

/** How long sessions last: without a request (`idleMs`) and at most after sign-in (`absoluteMs`). */
export interface SessionLifetimes {
  idleMs: number
  absoluteMs: number
}

export const DEFAULT_SESSION_LIFETIMES: SessionLifetimes = { idleMs: SESSION_IDLE_MS, absoluteMs: SESSION_ABSOLUTE_MS }
