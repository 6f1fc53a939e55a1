// Labels for a task's status, with the el-tag type that makes each stand
// out in lists. Priorities are shared with work orders (utils/labels.js).
import { enumLabel, options } from './labels.js'

export const STATUSES = ['open', 'done', 'cancelled']

const STATUS_TAGS = { open: 'primary', done: 'success', cancelled: 'info' }

export const statusLabel = (s) => enumLabel('tasks.statuses', s)
export const statusTagType = (s) => STATUS_TAGS[s] || 'info'
export const statusOptions = () => options(STATUSES, statusLabel)
