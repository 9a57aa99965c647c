import { isoDateSchema, PETITION_CATEGORIES, PETITION_CHANNELS } from '@leap/domain'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { SURVEY_INDICATORS } from './indicator-summary.js'

/** Input schemas of the indicator rows (indicator.router.ts): as entered and, field by field, as corrected. */

const count = z.number().int().min(0).max(1_000_000)

/** Scales of survey questions: the domain's satisfaction scales, plus the waiting-time buckets. */
const SCALES = ['five', 'four', 'three', 'waitingTime'] as const

/** Survey tallies of one branch and period, one row per question. */
export const surveyTallyInput = z.object({
  branchId: rowId,
  periodStart: isoDateSchema,
  periodEnd: isoDateSchema,
  surveyKind: z.string().trim().min(1).max(50),
  tallies: z
    .array(
      z.object({
        question: z.string().trim().min(1).max(200),
        scale: z.enum(SCALES),
        indicator: z.enum(SURVEY_INDICATORS).nullable().default(null),
        counts: z.array(count).min(3).max(5),
        invalid: count.default(0),
      }),
    )
    .min(1)
    .max(50),
})

/** Fields of one phone test, as entered and as corrected. */
export const phoneTestFields = {
  testedOn: isoDateSchema,
  person: z.string().trim().min(1).max(100),
  extension: z.string().trim().max(20).nullable(),
  components: z.record(z.string().min(1).max(40), z.number().min(0).max(100)),
  total: z.number().min(0).max(100),
  note: z.string().max(1000).nullable(),
}

/** Fields of one petition, as entered and as corrected. */
export const petitionFields = {
  receivedOn: isoDateSchema,
  closedOn: isoDateSchema.nullable(),
  category: z.enum(PETITION_CATEGORIES),
  channel: z.enum(PETITION_CHANNELS),
  subject: z.string().trim().max(500),
}
