export * from './branch.js'
export * from './errors.js'
