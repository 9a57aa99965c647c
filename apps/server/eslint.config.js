import { server } from '@leap/eslint-config'

export default server
