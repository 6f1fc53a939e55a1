import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The C server serves web/dist and answers /api; in development the Vite
// server stands in for the static part and forwards /api to a running
// `guanxi serve` on 127.0.0.1:8080.
export default defineConfig({
  plugins: [vue()],
  base: '/',
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
})
