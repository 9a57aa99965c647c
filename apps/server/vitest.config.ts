import { database } from '@leap/vitest-config'
import { defineConfig } from 'vitest/config'

export default defineConfig(database)
