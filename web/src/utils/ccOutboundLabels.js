// Labels for outbound lists: kinds, list states, entry states and results,
// with the el-tag type that makes each stand out in tables.
import { enumLabel, options } from './labels.js'

export const KINDS = ['callback', 'survey', 'telemarketing', 'arrears', 'outage']
export const LIST_STATES = ['active', 'paused', 'closed']
export const ENTRY_STATES = ['pending', 'claimed', 'retry', 'done', 'failed']
export const RESULTS = ['success', 'refused', 'no_answer', 'busy', 'unreachable', 'wrong_number', 'callback_later']

const LIST_TAGS = { active: 'success', paused: 'warning', closed: 'info' }
const ENTRY_TAGS = { pending: 'info', claimed: 'primary', retry: 'warning', done: 'success', failed: 'danger' }

export const kindLabel = (v) => enumLabel('cc.outbound.kinds', v)
export const listStateLabel = (v) => enumLabel('cc.outbound.listStates', v)
export const entryStateLabel = (v) => enumLabel('cc.outbound.entryStates', v)
export const resultLabel = (v) => enumLabel('cc.outbound.results', v)
export const listStateTag = (v) => LIST_TAGS[v] || 'info'
export const entryStateTag = (v) => ENTRY_TAGS[v] || 'info'
export const kindOptions = () => options(KINDS, kindLabel)
export const listStateOptions = () => options(LIST_STATES, listStateLabel)
export const entryStateOptions = () => options(ENTRY_STATES, entryStateLabel)
export const resultOptions = () => options(RESULTS, resultLabel)
