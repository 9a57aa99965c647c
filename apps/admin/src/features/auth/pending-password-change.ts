import { ref } from 'vue'

/**
 * The username and one-time password typed on the sign-in page, kept in memory only (never in
 * storage) so the new-password page need not ask for them again. Cleared once used.
 */
export const pendingPasswordChange = ref<{ username: string; oneTimePassword: string } | null>(null)
