// The interface language: drives vue-i18n, Element Plus's own texts and
// <html lang>, and is remembered in localStorage.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import enEl from 'element-plus/es/locale/lang/en'
import i18n, { LOCALE_KEY, LOCALES, savedLocale } from '../i18n/index.js'

const ELEMENT_LOCALES = { 'zh-CN': zhCn, en: enEl }

export const LANGUAGE_NAMES = { 'zh-CN': '中文', en: 'English' }

export const useLocaleStore = defineStore('locale', () => {
  const locale = ref(savedLocale())
  const elementLocale = computed(() => ELEMENT_LOCALES[locale.value])

  function apply() {
    i18n.global.locale.value = locale.value
    document.documentElement.lang = locale.value
  }

  function setLocale(value) {
    if (!LOCALES.includes(value)) return
    locale.value = value
    try {
      localStorage.setItem(LOCALE_KEY, value)
    } catch {
      /* storage blocked: the choice lasts for this page only */
    }
    apply()
  }

  apply()
  return { locale, elementLocale, setLocale }
})
