import { useI18n } from 'vue-i18n'
import { describeError, type AppError, type DescribeOptions } from '../api/errors'

/** `describeError` bound to the component's translator and the current UI locale. */
export function useDescribeError(): (error: unknown, options?: Omit<DescribeOptions, 'locale'>) => AppError {
  const { t, locale } = useI18n()
  return (error, options = {}) => describeError(error, t, { ...options, locale: locale.value })
}
