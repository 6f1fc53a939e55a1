// Labels for what calendars carry as identifiers, a policy's tier (none:
// any tier), and the way a limit in minutes reads ("4 小时", "约 3 个工作日").
// A policy's order type, priority and tier take the lists and labels of
// work orders and customers.
import i18n from '../i18n/index.js'
import { tierLabel as customerTierLabel } from './customerLabels.js'

export const DAY_KINDS = ['holiday', 'workday']
// A business day of the seeded calendar: 09:00–12:00 and 13:30–18:00.
const WORKDAY_MINUTES = 450

const t = (key, args) => i18n.global.t(key, args)

export const tierLabel = (v) => (v ? customerTierLabel(v) : t('sla.anyTier'))
export const kindLabel = (v) => t(`sla.kinds.${v}`)
export const dayKindLabel = (v) => t(`sla.dayKinds.${v}`)

/** 30 → "30 分钟", 240 → "4 小时", 90 → "1 小时 30 分钟"; on a business
 *  calendar whole business days are named too. */
export function minutesLabel(minutes, calendarKind) {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  let text = t('sla.minutes', { n: minutes })
  if (h && m) text = t('sla.hoursMinutes', { h, m })
  else if (h) text = t('sla.hours', { n: h })
  if (calendarKind === 'business' && minutes >= WORKDAY_MINUTES && minutes % WORKDAY_MINUTES === 0)
    text += ` (${t('sla.workdays', { n: minutes / WORKDAY_MINUTES })})`
  return text
}
