// The customer form's rules, mirroring the server's field rules in
// docs/API.md (Customers). The server checks them all again; these only
// save a round trip and say what is wrong next to the field.

/** Removes what the server removes: spaces, dashes and a leading +86. */
export function normalizePhone(s) {
  return String(s || '')
    .replace(/[\s-]/g, '')
    .replace(/^\+86/, '')
}

/** A mainland mobile (1[3-9] + 9 digits) or a landline (0 + area code +
 *  number, 10–12 digits in all). */
export function isPhone(s) {
  const p = normalizePhone(s)
  return /^1[3-9]\d{9}$/.test(p) || /^0\d{9,11}$/.test(p)
}

export function isEmail(s) {
  return s.length <= 100 && /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(s)
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** An 18-character resident ID (GB 11643) with a valid check digit. */
export function isResidentId(s) {
  const v = String(s).toUpperCase()
  if (!/^\d{17}[\dX]$/.test(v)) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(v[i]) * ID_WEIGHTS[i]
  return ID_CHECK[sum % 11] === v[17]
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** An 18-character unified social credit code (GB 32100) with a valid
 *  check character. */
export function isCreditCode(s) {
  const v = String(s).toUpperCase()
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v)) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(v[i]) * USCC_WEIGHTS[i]
  return USCC_CHARS[(31 - (sum % 31)) % 31] === v[17]
}

export const isBlank = (x) => x === null || x === undefined || String(x).trim() === ''

/** An el-form validator from a test of the value and the message to show. */
export function check(test, message) {
  return (_rule, value, cb) => (test(value) ? cb() : cb(new Error(message)))
}

/**
 * The phone list's rules, for the customer and the contact forms: at most
 * five numbers (`phoneList`), each a valid one (`phone`). Keyed apart from
 * `phones`: a row's prop "phones.0" would otherwise pick up the list's own
 * rule. Masked numbers (138****8000) are shown read-only and never sent back.
 */
export function phoneRules(t) {
  const v = (k) => t(`customers.validation.${k}`)
  return {
    phoneList: [
      {
        validator: check((list) => (list || []).filter((x) => !isBlank(x)).length <= 5, v('phonesMax')),
        trigger: 'change',
      },
    ],
    phone: [{ validator: check((x) => isBlank(x) || x.includes('*') || isPhone(x.trim()), v('phone')), trigger: 'blur' }],
  }
}

const maxLen = (n, message) => ({ max: n, message, trigger: 'blur' })

/**
 * Rules for the el-form. `form` is the reactive model (the id number rule
 * depends on the type); `t` the i18n function.
 */
export function customerRules(t, form) {
  const v = (k) => t(`customers.validation.${k}`)
  return {
    type: [{ required: true, message: v('typeRequired'), trigger: 'change' }],
    name: [
      { required: true, whitespace: true, message: v('nameRequired'), trigger: 'blur' },
      { max: 100, message: v('nameLength'), trigger: 'blur' },
    ],
    ...phoneRules(t),
    // Keyed apart from `emails`, as the phones are.
    emailList: [
      {
        validator: check((list) => (list || []).filter((x) => !isBlank(x)).length <= 5, v('emailsMax')),
        trigger: 'change',
      },
    ],
    email: [{ validator: check((x) => isBlank(x) || isEmail(x.trim()), v('email')), trigger: 'blur' }],
    id_number: [
      {
        validator: (_r, x, cb) => {
          if (isBlank(x) || String(x).includes('*')) return cb()
          if (form.type === 'individual') return isResidentId(x.trim()) ? cb() : cb(new Error(v('residentId')))
          return isCreditCode(x.trim()) ? cb() : cb(new Error(v('creditCode')))
        },
        trigger: 'blur',
      },
    ],
    birthday: [
      {
        validator: check((x) => isBlank(x) || x <= today(), v('birthday')),
        trigger: 'change',
      },
    ],
    tags: [
      {
        validator: check(
          (list) => (list || []).length <= 20 && (list || []).every((x) => String(x).trim().length >= 1 && String(x).trim().length <= 20),
          v('tags'),
        ),
        trigger: 'change',
      },
    ],
    company: [maxLen(100, v('max100'))],
    industry: [maxLen(100, v('max100'))],
    source: [maxLen(100, v('max100'))],
    address: [maxLen(200, v('max200'))],
    remarks: [maxLen(2000, v('max2000'))],
  }
}

/** Today's date in Beijing as YYYY-MM-DD (birthdays are Beijing dates). */
export function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  )
}
