import { unit } from '@leap/vitest-config'
import { defineConfig } from 'vitest/config'

// PDF rendering and poppler round-trips take a few hundred milliseconds each on 2 cores.
export default defineConfig({ ...unit, test: { ...unit.test, testTimeout: 60_000 } })
