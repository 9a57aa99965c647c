import type { Linter } from 'eslint'

export declare const domain: Linter.Config[]
export declare const server: Linter.Config[]
export declare const admin: Linter.Config[]
export declare const node: Linter.Config[]
