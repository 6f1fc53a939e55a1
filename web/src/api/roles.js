// Roles and the permission catalogue.
import { http } from './http.js'

export const listRoles = () => http.get('/roles')
export const setRolePermissions = (name, permissions) =>
  http.put(`/roles/${encodeURIComponent(name)}/permissions`, { permissions })
export const listPermissions = () => http.get('/permissions')
