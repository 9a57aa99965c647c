import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api, type Output } from '../../api/trpc'
import { uploadScoreEvidence } from '../remediation/evidence-upload'

export type ScoreEvidenceFile = Output<typeof api.inspection.evidence.list.query>[number]

/** One criterion's upload in flight or failed: progress 0–100, or the message of the failure. */
export interface EvidenceUploadState {
  filename: string
  progress: number
  error: string | null
}

/** Where a file's bytes are downloaded from (the server checks who may read it). */
export function evidenceHref(id: number): string {
  return `/api/evidence/${id}`
}

/**
 * The evidence files of a score sheet's criteria: loads the list once per sheet, uploads one file
 * at a time per criterion with its progress, and adds what the server stored to the list.
 * Failures become messages through the `describe` the view passes (the shared error mapping).
 */
export const useScoreEvidenceStore = defineStore('score-evidence', () => {
  const inspectionId = ref<number | null>(null)
  const files = ref<Record<string, ScoreEvidenceFile[]>>({})
  const uploads = ref<Record<string, EvidenceUploadState>>({})
  const loadError = ref<unknown>(null)

  async function load(id: number): Promise<void> {
    inspectionId.value = id
    files.value = {}
    uploads.value = {}
    loadError.value = null
    try {
      const rows = await api.inspection.evidence.list.query({ inspectionId: id })
      if (inspectionId.value !== id) return
      const byCode: Record<string, ScoreEvidenceFile[]> = {}
      for (const row of rows) (byCode[row.criterionCode] ??= []).push(row)
      files.value = byCode
    } catch (error) {
      if (inspectionId.value === id) loadError.value = error
    }
  }

  function filesOf(code: string): ScoreEvidenceFile[] {
    return files.value[code] ?? []
  }

  /** Uploads `file` for criterion `code`; resolves true when stored. Never throws. */
  async function upload(code: string, file: File, describe: (error: unknown) => string): Promise<boolean> {
    const id = inspectionId.value
    if (id === null || uploads.value[code]?.error === null) return false
    uploads.value[code] = { filename: file.name, progress: 0, error: null }
    try {
      const stored = await uploadScoreEvidence(id, code, file, (percent) => {
        const state = uploads.value[code]
        if (state) state.progress = percent
      })
      if (inspectionId.value !== id) return false
      files.value[code] = [
        ...filesOf(code),
        { id: stored.id, criterionCode: code, filename: stored.filename, mime: stored.mime, size: stored.size, uploadedBy: null, uploadedAt: stored.uploadedAt },
      ]
      delete uploads.value[code]
      return true
    } catch (error) {
      const state = uploads.value[code]
      if (state) state.error = describe(error)
      return false
    }
  }

  function dismiss(code: string): void {
    delete uploads.value[code]
  }

  return { inspectionId, files, uploads, loadError, load, filesOf, upload, dismiss }
})
