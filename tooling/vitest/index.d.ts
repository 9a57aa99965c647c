import type { ViteUserConfig } from 'vitest/config'

export declare const unit: ViteUserConfig
export declare const database: ViteUserConfig
export declare const browser: ViteUserConfig
