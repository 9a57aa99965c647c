import { useI18n } from 'vue-i18n'
import { describeError, type AppError, type DescribeOptions } from '../api/errors'

/** `describeError` bound to the component's translator (and `te`, so a refusal's reason finds its own words). */
export function useDescribeError(): (error: unknown, options?: Omit<DescribeOptions, 'has'>) => AppError {
  const { t, te } = useI18n()
  return (error, options = {}) => describeError(error, t, { ...options, has: (key) => te(key) })
}
