// What every create/edit dialog does around its save: one server message
// per form item, cleared when the dialog opens, before each submit and
// when the user edits that field; the el-form's own rules checked first;
// one save at a time; the server's field errors put on their items (any
// other error as a toast); a 409 version_conflict handed to the dialog.
import { nextTick, reactive, ref, watch } from 'vue'
import { applyFieldErrors, isVersionConflict, showError } from '../utils/errors.js'

/**
 * useFormDialog({ visible, formRef, form, fields, ... })
 *   visible   – the dialog's v-model ref
 *   formRef   – ref to the el-form (validated before each save)
 *   form      – the form's reactive model
 *   fields    – the items that show a server message (keys of serverErrors)
 *   known, rename – as for applyFieldErrors; editing a renamed server
 *               field (rename: { province: 'region' }) clears its item
 *   mapErrors(err) → boolean – replaces the default mapping, for forms with
 *               messages beyond serverErrors (list rows, extension fields)
 *   onClear() – clears those extra messages along with serverErrors
 *   onConflict(err) – called on 409 version_conflict, with conflict set;
 *               without it the conflict is shown like any other error
 * Returns { serverErrors, saving, conflict, submit(save) }; submit runs
 * the async save() once the form is valid.
 */
export function useFormDialog({ visible, formRef, form, fields, known, rename = {}, mapErrors, onClear, onConflict }) {
  const serverErrors = reactive(Object.fromEntries(fields.map((f) => [f, ''])))
  const saving = ref(false)
  const conflict = ref(false)

  function clear() {
    for (const f of fields) serverErrors[f] = ''
    if (onClear) onClear()
  }

  watch(visible, (open) => {
    if (!open) return
    conflict.value = false
    clear()
    // After the dialog has filled its form for this opening.
    nextTick(() => formRef.value?.clearValidate())
  })

  // A field the user edits loses its stale server message.
  const sources = [...fields.map((f) => [f, f]), ...Object.entries(rename)]
  for (const [source, item] of sources) {
    watch(
      () => form[source],
      () => {
        serverErrors[item] = ''
      },
      { deep: true },
    )
  }

  async function submit(save) {
    if (saving.value) return
    clear()
    if (!(await formRef.value.validate().catch(() => false))) return
    saving.value = true
    try {
      await save()
    } catch (e) {
      if (onConflict && isVersionConflict(e)) {
        conflict.value = true
        await onConflict(e)
      } else {
        const shown = mapErrors ? mapErrors(e) : applyFieldErrors(serverErrors, e, { known, rename })
        if (!shown) showError(e)
      }
    } finally {
      saving.value = false
    }
  }

  return { serverErrors, saving, conflict, submit }
}
