import type { FastifyInstance } from 'fastify'
import { jsonTextTooDeep, MAX_JSON_DEPTH } from '../trpc/text-guard.js'

/** A body nested past MAX_JSON_DEPTH: the app's error handler answers it 400 INVALID_INPUT (`rule: 'depth'`, `maximum`). */
export class JsonTooDeepError extends Error {
  readonly statusCode = 400
  constructor() {
    super(`request body nests deeper than ${MAX_JSON_DEPTH} levels`)
    this.name = 'JsonTooDeepError'
  }
}

/**
 * Replaces Fastify's JSON body parser with the same one (prototype poisoning refused) behind a
 * depth bound: the body's text is scanned once for nesting before it is parsed, so a small body of
 * thousands of nested arrays is a 400 naming the rule before anything (the parser, the text guard,
 * a logger, zod) walks it. The body size stays bounded by the app's `bodyLimit`.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonTextTooDeep(body as string) !== null) {
      done(new JsonTooDeepError(), undefined)
      return
    }
    parse(req, body as string, done)
  })
}
