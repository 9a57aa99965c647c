import { isoDateSchema } from '@leap/domain'
import { z } from 'zod'
import { remediationItemSchema } from '../remediation/remediation-item.schema.js'
import { scoreSheetSchema } from '../score-sheet/score-sheet.schema.js'

/** A remediation item as reported at the meeting, with what was said and decided. */
export const meetingItemSchema = remediationItemSchema.extend({
  /** 執行情形 reported at the meeting (defaults to the item's latest progress). */
  note: z.string().max(4000).nullable().default(null),
  /** The committee's decision on the item: release from tracking, keep tracking, or none yet. */
  decision: z.enum(['close', 'continue']).nullable().default(null),
})

/**
 * The committee meeting's minutes (會議紀錄) plus the score sheets sent with them to the agency
 * (函送執行署備查, seed 004).
 */
export const meetingPackSchema = z.object({
  meeting: z.object({
    /** e.g. 臺北分署114年上半年為民服務任務編組會議. */
    title: z.string().trim().min(1).max(200),
    branch: z.object({ code: z.string().trim().min(1).max(10), name: z.string().trim().min(1).max(50) }),
    heldOn: isoDateSchema,
    /** Start time, Asia/Taipei clock time `HH:MM` (00:00–23:59), e.g. `14:30`; '' when not recorded. */
    time: z
      .string()
      .trim()
      .regex(/^(([01][0-9]|2[0-3]):[0-5][0-9])?$/, 'HH:MM, 00:00–23:59')
      .default(''),
    /** Where the meeting is held; '' when not recorded (a blank to fill in is printed). */
    place: z.string().trim().max(200).default(''),
    chair: z.string().trim().min(1).max(50),
    attendees: z.array(z.string().trim().min(1).max(50)).max(100).default([]),
    recorder: z.string().max(50).default(''),
    /** 報告事項 other than the remediation table (free text). */
    reports: z.string().max(50_000).default(''),
    /** 討論事項及決議 (free text). */
    resolutions: z.string().max(50_000).default(''),
  }),
  items: z.array(meetingItemSchema).max(2000).default([]),
  scoreSheets: z.array(scoreSheetSchema).max(30).default([]),
})

export type MeetingPackInput = z.input<typeof meetingPackSchema>
export type MeetingPackData = z.output<typeof meetingPackSchema>
