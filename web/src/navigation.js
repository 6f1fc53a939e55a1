// The side menu, in display order. Each entry names its route; `perm` is
// the permission the user needs to see it (the router checks the same).
// Modules without a page yet use the ComingSoon view; later work replaces
// `component` in router.js and keeps the menu as is.
import {
  HomeFilled, User, Tickets, Phone, Present, Star, DataAnalysis, Setting,
  UserFilled, Lock, Document, Operation, List, Collection, Timer, Calendar, Reading, AlarmClock, Headset,
  Monitor, TrendCharts, DataLine, PhoneFilled,
} from '@element-plus/icons-vue'

export const navigation = [
  { name: 'home', path: '/', label: 'menu.home', icon: HomeFilled },
  { name: 'customers', path: '/customers', label: 'menu.customers', icon: User, perm: 'customer.read' },
  { name: 'tasks', path: '/tasks', label: 'menu.tasks', icon: List, perm: 'task.read' },
  { name: 'tickets', path: '/tickets', label: 'menu.tickets', icon: Tickets, perm: 'ticket.read' },
  { name: 'ticket-board', path: '/tickets/board', label: 'menu.ticketBoard', icon: AlarmClock, perm: 'ticket.read' },
  { name: 'kb', path: '/kb', label: 'menu.kb', icon: Reading, perm: 'kb.read' },
  {
    name: 'call-center',
    label: 'menu.callCenter',
    icon: Phone,
    children: [
      { name: 'cc-desk', path: '/call-center/desk', label: 'menu.ccDesk', icon: Headset, perm: 'cc.agent' },
      {
        name: 'cc-wallboard',
        path: '/call-center/wallboard',
        label: 'menu.ccWallboard',
        icon: Monitor,
        perm: 'cc.supervise',
      },
      {
        name: 'cc-reports',
        path: '/call-center/reports',
        label: 'menu.ccReports',
        icon: TrendCharts,
        perm: 'cc.supervise',
      },
      { name: 'cc-staffing', path: '/call-center/staffing', label: 'menu.ccStaffing', icon: DataLine, perm: 'cc.supervise' },
      { name: 'cc-calls', path: '/call-center/calls', label: 'menu.ccCalls', icon: PhoneFilled, perm: 'cc.agent' },
      { name: 'cc-outbound', path: '/call-center/outbound', label: 'menu.ccOutbound', icon: Phone, perm: 'cc.agent' },
    ],
  },
  { name: 'care', path: '/care', label: 'menu.care', icon: Present, comingSoon: true },
  { name: 'satisfaction', path: '/satisfaction', label: 'menu.satisfaction', icon: Star, comingSoon: true },
  { name: 'reports', path: '/reports', label: 'menu.reports', icon: DataAnalysis, comingSoon: true },
  {
    name: 'system',
    label: 'menu.system',
    icon: Setting,
    perm: 'user.read',
    children: [
      { name: 'users', path: '/admin/users', label: 'menu.users', icon: UserFilled, perm: 'user.read' },
      { name: 'roles', path: '/admin/roles', label: 'menu.roles', icon: Lock, perm: 'user.read' },
      { name: 'audit', path: '/admin/audit', label: 'menu.audit', icon: Document, perm: 'audit.read' },
      {
        name: 'customer-settings',
        path: '/admin/customer-settings',
        label: 'menu.customerSettings',
        icon: Operation,
        perm: 'settings.manage',
      },
      {
        name: 'dictionaries',
        path: '/admin/dictionaries',
        label: 'menu.dictionaries',
        icon: Collection,
        perm: 'dictionary.manage',
      },
      { name: 'sla-policies', path: '/admin/sla-policies', label: 'menu.slaPolicies', icon: Timer, perm: 'sla.read' },
      { name: 'calendars', path: '/admin/calendars', label: 'menu.calendars', icon: Calendar, perm: 'sla.read' },
      { name: 'cc-settings', path: '/admin/call-center', label: 'menu.ccSettings', icon: Headset, perm: 'cc.manage' },
    ],
  },
]
