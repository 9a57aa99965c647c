/**
 * Errors of the multipart parser (busboy, through @fastify/multipart) that mean the request's
 * framing is broken — no boundary, a part cut off, a bad part header — not that the server failed.
 * They carry no HTTP status of their own, so without this every multipart route that lets one
 * escape answered 500.
 */
const FRAMING = /^(Multipart: |Unexpected end of (form|multipart data)|Part terminated early|Malformed (part )?header|Malformed urlencoded form|Unsupported content type)/

/**
 * The parser's message when `error` is a broken request body; null for anything else. On a
 * multipart request (`contentType`), a stream closed early is the cut-off body too: the parser
 * ends the part's stream and whatever was reading it (e.g. a pipeline) reports "Premature close".
 */
export function malformedBodyMessage(error: unknown, contentType?: string): string | null {
  if (!(error instanceof Error)) return null
  const status = (error as { statusCode?: unknown }).statusCode
  if (typeof status === 'number' && status < 500) return null
  if (FRAMING.test(error.message)) return error.message
  const multipart = /^multipart\//i.test(contentType ?? '')
  return multipart && (error as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE' ? 'the body ended before its last part did' : null
}
