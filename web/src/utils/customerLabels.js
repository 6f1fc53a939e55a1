// Labels for the customer record: the enumerations the server sends as
// identifiers (type, tier, lifecycle stage, gender, credit grade), field
// names, and values as text for the profile and the change history.
// Values we have no label for are shown as sent.
import i18n from '../i18n/index.js'
import { enumLabel } from './labels.js'
import { useCustomFieldsStore } from '../stores/customFields.js'
import { formatDateTime } from './format.js'

export const CUSTOMER_TYPES = ['individual', 'corporate', 'financial', 'government']
export const TIERS = ['vip', 'key', 'general', 'small']
export const STAGES = ['prospect', 'new', 'active', 'loyal', 'dormant', 'lost']
export const GENDERS = ['male', 'female', 'unknown']
export const CREDIT_GRADES = ['AAA', 'AA', 'A', 'BBB', 'BB', 'below_BB']
export const EDUCATIONS = ['primary', 'junior_high', 'senior_high', 'vocational', 'college', 'bachelor', 'master', 'doctor']
export const REVIEW_STATES = ['pending_first', 'pending_second', 'approved', 'rejected', 'none']

// Which label group an enumerated field's values belong to.
const ENUM_GROUPS = {
  type: 'types',
  tier: 'tiers',
  lifecycle_stage: 'stages',
  gender: 'genders',
  credit_grade: 'grades',
  education: 'educations',
  review_state: 'reviewStates',
}

// Groups whose labels live outside customers.* in the messages.
const GROUP_PREFIX = { educations: 'portrait.educations', reviewStates: 'review.states' }

// el-tag types, so the tiers stand out from each other in lists.
const TIER_TAG_TYPES = { vip: 'danger', key: 'warning', general: 'primary', small: 'info' }
export const tierTagType = (tier) => TIER_TAG_TYPES[tier] || 'info'

const groupLabel = (group, value) => enumLabel(GROUP_PREFIX[group] || `customers.${group}`, value)

export const typeLabel = (v) => groupLabel('types', v)
export const tierLabel = (v) => groupLabel('tiers', v)
export const stageLabel = (v) => groupLabel('stages', v)
export const genderLabel = (v) => groupLabel('genders', v)
export const actionLabel = (v) => groupLabel('actions', v)
export const educationLabel = (v) => groupLabel('educations', v)
export const reviewStateLabel = (v) => groupLabel('reviewStates', v)

export const DECISION_ROLES = ['decision_maker', 'influencer', 'user', 'other']
export const CHANNELS = ['phone', 'email', 'meeting', 'visit', 'sms', 'wechat', 'weibo']
export const DIRECTIONS = ['inbound', 'outbound']
export const roleLabel = (v) => enumLabel('contacts.roles', v)
export const channelLabel = (v) => enumLabel('interactions.channels', v)
export const directionLabel = (v) => enumLabel('interactions.directions', v)

/** [{value, label}] for an el-select over one of the lists above. */
export function enumOptions(field) {
  const values = {
    type: CUSTOMER_TYPES,
    tier: TIERS,
    lifecycle_stage: STAGES,
    gender: GENDERS,
    credit_grade: CREDIT_GRADES,
    education: EDUCATIONS,
    review_state: REVIEW_STATES,
  }[field]
  return (values || []).map((value) => ({ value, label: groupLabel(ENUM_GROUPS[field], value) }))
}

/** fieldLabel('lifecycle_stage') → 生命周期; unknown fields as sent. */
export function fieldLabel(field) {
  if (!field) return ''
  // Extension fields ("ext.contract_no") by the label their administrator gave.
  if (field.startsWith('ext.')) return useCustomFieldsStore().byKey(field.slice(4))?.label || field.slice(4)
  return enumLabel('customers.fields', field)
}

const personName = (p) => (p && typeof p === 'object' ? p.display_name || p.name || p.username || '' : p)

/**
 * One field's value as text: enumerations by label, lists joined, owner and
 * team by name, times in Beijing time. Empty values give ''.
 */
export function valueText(field, value) {
  if (value === null || value === undefined || value === '') return ''
  if (Array.isArray(value)) return value.map((v) => valueText(field, v)).filter(Boolean).join('、')
  if (ENUM_GROUPS[field]) return groupLabel(ENUM_GROUPS[field], value)
  if (field === 'decision_role') return roleLabel(value)
  if (field === 'created_at' || field === 'updated_at') return formatDateTime(value)
  if (typeof value === 'object') return personName(value) || JSON.stringify(value)
  return String(value)
}

/** The actor of a history entry, sent as a name or as a user object. */
export const actorText = (actor) => personName(actor) || ''

/** The field of a history entry; one about a contact names the contact
 *  ("联系人 王强 · 职务"). */
export function changeFieldLabel(change) {
  const field = fieldLabel(change.field)
  return change.contact ? i18n.global.t('contacts.historyPrefix', { name: change.contact.name, field }) : field
}
