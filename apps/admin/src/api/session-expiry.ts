type Listener = () => void
const listeners = new Set<Listener>()

/**
 * Lets the app react when the server says the session is gone (HTTP 401 outside sign-in):
 * the router sends the user to the sign-in page with a message. Returns an unsubscribe function.
 */
export function onSessionExpired(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Called by the transport when a request came back 401. */
export function notifySessionExpired(): void {
  for (const listener of listeners) listener()
}
