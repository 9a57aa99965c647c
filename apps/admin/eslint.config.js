import { admin } from '@leap/eslint-config'

export default admin
