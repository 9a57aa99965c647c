import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Renders a .docx with LibreOffice headless (Debian's libreoffice-writer-nogui, installed by
// scripts/ensure-report-tools.sh), as a reader's word processor lays it out, to a PDF that poppler reads.

function soffice(): string {
  for (const bin of ['soffice', 'libreoffice']) {
    try {
      execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'pipe' })
      return bin
    } catch {
      // try the next name
    }
  }
  throw new Error('LibreOffice is not installed: run packages/reports/scripts/ensure-report-tools.sh (apt-get install -y libreoffice-writer-nogui)')
}

/** The .docx laid out and exported to PDF by LibreOffice (a throwaway profile, so runs do not share state). */
export function docxToPdf(docx: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'leap-docx-'))
  try {
    writeFileSync(join(dir, 'doc.docx'), docx)
    execFileSync(soffice(), ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'pdf', '--outdir', dir, join(dir, 'doc.docx')], {
      stdio: 'pipe',
      timeout: 120_000,
      env: { ...process.env, HOME: dir },
    })
    return readFileSync(join(dir, 'doc.pdf'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
