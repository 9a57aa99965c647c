import type { Migration } from 'kysely'
import * as m0001 from './0001-branches.js'
import * as m0002 from './0002-accounts.js'
import * as m0003 from './0003-inspections.js'
import * as m0004 from './0004-remediation.js'
import * as m0005 from './0005-report-narratives.js'
import * as m0006 from './0006-score-evidence.js'
import * as m0007 from './0007-catalogue-content-hash.js'
import * as m0008 from './0008-indicator-versions.js'
import * as m0009 from './0009-survey-tally-version.js'
import * as m0013 from './0013-sheet-completion.js'
import * as m0010 from './0010-accounts-admin.js'
import * as m0011 from './0011-notifications.js'
import * as m0014 from './0014-dashboard-version.js'
import * as m0015 from './0015-report-narrative-version.js'
import * as m0017 from './0017-meeting-version.js'
import * as m0018 from './0018-catalogue-mapping.js'
import * as m0019 from './0019-objections.js'
import * as m0020 from './0020-meeting-time-place.js'
import * as m0021 from './0021-catalogue-drafts.js'

/** Every migration, in order. Static imports so the provider works under tsx, vitest and node alike. */
export const migrations: Record<string, Migration> = {
  '0001-branches': m0001,
  '0002-accounts': m0002,
  '0003-inspections': m0003,
  '0004-remediation': m0004,
  '0005-report-narratives': m0005,
  '0006-score-evidence': m0006,
  '0007-catalogue-content-hash': m0007,
  '0008-indicator-versions': m0008,
  '0009-survey-tally-version': m0009,
  '0013-sheet-completion': m0013,
  '0010-accounts-admin': m0010,
  '0011-notifications': m0011,
  '0014-dashboard-version': m0014,
  '0015-report-narrative-version': m0015,
  '0017-meeting-version': m0017,
  '0018-catalogue-mapping': m0018,
  '0019-objections': m0019,
  '0020-meeting-time-place': m0020,
  '0021-catalogue-drafts': m0021,
}
