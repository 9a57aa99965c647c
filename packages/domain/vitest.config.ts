import { unit } from '@leap/vitest-config'
import { defineConfig } from 'vitest/config'

export default defineConfig(unit)
