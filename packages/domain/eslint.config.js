import { domain } from '@leap/eslint-config'

export default domain
