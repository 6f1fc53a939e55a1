// GB/T 2260 regions: the children of one region (no parent: provinces) and
// one region with its path.
import { http } from './http.js'

export const listRegions = (parent) => http.get('/regions', { parent })
export const getRegion = (code) => http.get(`/regions/${code}`)
