import { server } from '@leap/eslint-config'

// Benchmarks drive the server from outside: node globals, and the pg driver (baseline, data set).
export default [...server, { files: ['src/**/*.ts'], rules: { 'no-restricted-imports': 'off' } }]
