// Knowledge base (知识库): categories, articles with their versions, search
// and suggestions for a work order. Article lists are cursor paged
// ({items, next}); search and suggestion results carry title_marked and
// snippet as [{text, match}] pieces, to be shown as text with <mark>.
import { http } from './http.js'

export const listCategories = () => http.get('/kb/categories')
export const createCategory = (c) => http.post('/kb/categories', c)
/** changes: {version, …fields to change} */
export const updateCategory = (id, changes) => http.patch(`/kb/categories/${id}`, changes)
export const deleteCategory = (id, version) => http.del(`/kb/categories/${id}`, { query: { version } })

export const listArticles = ({ category, status, limit, after } = {}) =>
  http.get('/kb/articles', { category, status, limit, after })
export const getArticle = (id) => http.get(`/kb/articles/${id}`)
export const createArticle = (a) => http.post('/kb/articles', a)
/** changes: {version, …fields to change}; every save is a new version. */
export const updateArticle = (id, changes) => http.patch(`/kb/articles/${id}`, changes)
export const deleteArticle = (id, version) => http.del(`/kb/articles/${id}`, { query: { version } })
export const listVersions = (id) => http.get(`/kb/articles/${id}/versions`)
export const getVersion = (id, version) => http.get(`/kb/articles/${id}/versions/${version}`)

export const searchKb = ({ q, category, status, limit } = {}) =>
  http.get('/kb/search', { q, category, status, limit })
/** category: a ticket-category code; text: the order's title and description. */
export const suggestKb = ({ category, text, limit } = {}) =>
  http.get('/kb/suggest', { category, text, limit })
