// Labels for what the contact centre's API sends as identifiers: a queue's
// routing strategy, an agent's state, a call's state, disposition and
// direction, and the kinds of entry in a call's log. Values without a
// label are shown as sent.
import i18n from '../i18n/index.js'
import { enumLabel } from './labels.js'

export const STRATEGIES = ['longest_idle', 'fewest_calls', 'round_robin', 'skill_level']
export const AGENT_STATES = ['signed_out', 'ready', 'not_ready', 'ringing', 'talking', 'wrap_up']
export const CALL_STATES = ['queued', 'ringing', 'talking', 'ended']

const t = (key, args) => i18n.global.t(key, args)

export const strategyLabel = (v) => enumLabel('cc.settings.strategies', v)
export const callStateLabel = (v) => enumLabel('cc.callStates', v)
export const logKindLabel = (v) => enumLabel('cc.calls.kinds', v)
export const directionLabel = (v) => enumLabel('cc.calls.directions', v)

/** 已接听 / 放弃, or what the agent chose after the call as written. */
export function dispositionLabel(v) {
  if (!v) return ''
  return v === 'answered' || v === 'abandoned' ? t(`cc.calls.dispositions.${v}`) : v
}

/** 示忙（培训） for a not-ready agent with a reason. */
export function agentStateLabel(state, reason) {
  const label = enumLabel('cc.states', state)
  return state === 'not_ready' && reason ? t('cc.settings.stateWithReason', { state: label, reason }) : label
}

const STATE_TAG_TYPES = { signed_out: 'info', ready: 'success', not_ready: 'warning', ringing: 'danger', talking: 'primary', wrap_up: 'warning' }
export const agentStateTagType = (state) => STATE_TAG_TYPES[state] || 'info'

/** Whole seconds from one RFC 3339 time to another; '' when either is missing. */
export function secondsBetween(from, to) {
  if (!from || !to) return ''
  return Math.max(0, Math.round((new Date(to) - new Date(from)) / 1000))
}
