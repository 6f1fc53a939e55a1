// Form rules shared by every form that sets a password: required, at least
// 8 characters (the server's policy), and a confirmation that matches.
export function newPasswordRules(t, form) {
  return {
    password: [
      { required: true, message: t('validation.required'), trigger: 'blur' },
      { min: 8, message: t('validation.passwordMin'), trigger: 'blur' },
    ],
    confirm: [
      { required: true, message: t('validation.required'), trigger: 'blur' },
      {
        validator: (_r, v, cb) => (v === form.password ? cb() : cb(new Error(t('validation.passwordMismatch')))),
        trigger: 'blur',
      },
    ],
  }
}
