// vue-i18n setup. Every label the user sees comes from zh-CN.js or en.js;
// the chosen language is kept in localStorage under LOCALE_KEY.
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN.js'
import en from './en.js'

export const LOCALES = ['zh-CN', 'en']
export const LOCALE_KEY = 'guanxi.locale'

export function savedLocale() {
  try {
    const v = localStorage.getItem(LOCALE_KEY)
    if (LOCALES.includes(v)) return v
  } catch {
    /* storage blocked: fall back to the default */
  }
  return 'zh-CN'
}

const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: savedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export default i18n
