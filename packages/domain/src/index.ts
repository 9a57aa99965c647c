export * from './branch.js'
