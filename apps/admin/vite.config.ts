import fs from 'node:fs'
import path from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type Plugin } from 'vitest/config'

/** Text formats worth compressing (fonts and images are compressed already). */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/

/**
 * Precompresses the build output (issue 18): next to every text file of `dist/` a `.br` (brotli,
 * quality 11) and a `.gz` (gzip, level 9), written once at build time, so the server sends them
 * with the right Content-Encoding without compressing per request (@fastify/static `preCompressed`,
 * apps/server/src/http/static-assets.ts). A variant that saves less than 5 % is not written.
 */
function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'leap-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue
        const raw = fs.readFileSync(file)
        const variants: [string, Buffer][] = [
          ['.br', brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })],
          ['.gz', gzipSync(raw, { level: 9 })],
        ]
        for (const [ext, body] of variants) {
          if (body.length < raw.length * 0.95) fs.writeFileSync(file + ext, body)
          else fs.rmSync(file + ext, { force: true })
        }
      }
    },
  }
}

export default defineConfig({
  plugins: [vue(), precompress()],
  server: {
    port: 5173,
    proxy: { '/trpc': 'http://127.0.0.1:3000', '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'jsdom',
  },
})
