import { node } from '@leap/eslint-config'

// Generators are pure (data in, bytes out) apart from reading the font file; they run in node.
export default node
