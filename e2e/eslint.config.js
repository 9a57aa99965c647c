import { node } from '@leap/eslint-config'

export default node
