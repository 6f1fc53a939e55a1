// Times arrive as RFC 3339 UTC strings; users read them as Beijing time.
const ZONE = 'Asia/Shanghai'

const dateTimeFmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** "2026-11-22T08:00:00.000Z" → "2026-11-22 16:00:00" (Asia/Shanghai). */
export function formatDateTime(value, { seconds = true } = {}) {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  const p = Object.fromEntries(dateTimeFmt.formatToParts(d).map((x) => [x.type, x.value]))
  const time = seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`
  return `${p.year}-${p.month}-${p.day} ${time}`
}

/** A time for a date-time picker: Beijing wall-clock "YYYY-MM-DDTHH:mm:ss". */
export function toBeijingInput(value) {
  return value ? formatDateTime(value).replace(' ', 'T') : null
}

/** A picker's Beijing wall-clock value as RFC 3339 with its offset. */
export function fromBeijingInput(value) {
  return value ? `${value}+08:00` : null
}
