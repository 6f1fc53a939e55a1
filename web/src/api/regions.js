// GB/T 2260 regions: the children of one region (no parent: provinces).
import { http } from './http.js'

export const listRegions = (parent) => http.get('/regions', { parent })
