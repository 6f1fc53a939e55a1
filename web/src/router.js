// Routes. meta.public: reachable signed out; meta.perm: permission needed;
// meta.title: i18n key for the page title.
import { createRouter, createWebHistory } from 'vue-router'
import { useSessionStore } from './stores/session.js'
import { navigation } from './navigation.js'
import AppLayout from './components/AppLayout.vue'

const ComingSoon = () => import('./views/ComingSoonView.vue')

const moduleRoutes = navigation
  .filter((n) => n.comingSoon)
  .map((n) => ({
    path: n.path.slice(1),
    name: n.name,
    component: ComingSoon,
    meta: { title: n.label, module: n.label },
  }))

const routes = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: { public: true, guestOnly: true, title: 'login.title' },
  },
  {
    path: '/reset',
    name: 'reset',
    component: () => import('./views/ResetPasswordView.vue'),
    meta: { public: true, title: 'resetPage.title' },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: 'menu.home' } },
      ...moduleRoutes,
      {
        path: 'customers',
        name: 'customers',
        component: () => import('./views/CustomersView.vue'),
        meta: { title: 'menu.customers', perm: 'customer.read' },
      },
      {
        path: 'customers/:id(\\d+)',
        name: 'customer',
        component: () => import('./views/CustomerDetailView.vue'),
        props: true,
        meta: { title: 'customers.detailTitle', perm: 'customer.read' },
      },
      {
        path: 'call-center/outbound',
        name: 'cc-outbound',
        component: () => import('./views/CcOutboundView.vue'),
        meta: { title: 'menu.ccOutbound', perm: 'cc.agent' },
      },
      {
        path: 'tasks',
        name: 'tasks',
        component: () => import('./views/TasksView.vue'),
        meta: { title: 'menu.tasks', perm: 'task.read' },
      },
      {
        path: 'tickets',
        name: 'tickets',
        component: () => import('./views/TicketsView.vue'),
        meta: { title: 'menu.tickets', perm: 'ticket.read' },
      },
      {
        path: 'tickets/board',
        name: 'ticket-board',
        component: () => import('./views/TicketBoardView.vue'),
        meta: { title: 'menu.ticketBoard', perm: 'ticket.read' },
      },
      {
        path: 'call-center/desk',
        name: 'cc-desk',
        component: () => import('./views/CcDeskView.vue'),
        meta: { title: 'menu.ccDesk', perm: 'cc.agent' },
      },
      {
        path: 'tickets/:id(\\d+)',
        name: 'ticket',
        component: () => import('./views/TicketDetailView.vue'),
        props: true,
        meta: { title: 'tickets.detailTitle', perm: 'ticket.read' },
      },
      {
        path: 'kb',
        name: 'kb',
        component: () => import('./views/KbSearchView.vue'),
        meta: { title: 'menu.kb', perm: 'kb.read' },
      },
      {
        path: 'kb/new',
        name: 'kb-new',
        component: () => import('./views/KbEditView.vue'),
        meta: { title: 'kb.newArticle', perm: 'kb.edit' },
      },
      {
        path: 'kb/categories',
        name: 'kb-categories',
        component: () => import('./views/KbCategoriesView.vue'),
        meta: { title: 'kb.categoriesTitle', perm: 'kb.edit' },
      },
      {
        path: 'kb/articles/:id(\\d+)',
        name: 'kb-article',
        component: () => import('./views/KbArticleView.vue'),
        props: true,
        meta: { title: 'kb.articleTitle', perm: 'kb.read' },
      },
      {
        path: 'kb/articles/:id(\\d+)/edit',
        name: 'kb-edit',
        component: () => import('./views/KbEditView.vue'),
        props: true,
        meta: { title: 'kb.editPage', perm: 'kb.edit' },
      },
      {
        path: 'call-center/wallboard',
        name: 'cc-wallboard',
        component: () => import('./views/CcWallboardView.vue'),
        meta: { title: 'menu.ccWallboard', perm: 'cc.supervise' },
      },
      {
        path: 'call-center/reports',
        name: 'cc-reports',
        component: () => import('./views/CcReportsView.vue'),
        meta: { title: 'menu.ccReports', perm: 'cc.supervise' },
      },
      {
        path: 'admin/users',
        name: 'users',
        component: () => import('./views/UsersView.vue'),
        meta: { title: 'menu.users', perm: 'user.read' },
      },
      {
        path: 'admin/roles',
        name: 'roles',
        component: () => import('./views/RolesView.vue'),
        meta: { title: 'menu.roles', perm: 'user.read' },
      },
      {
        path: 'admin/audit',
        name: 'audit',
        component: () => import('./views/AuditView.vue'),
        meta: { title: 'menu.audit', perm: 'audit.read' },
      },
      {
        path: 'admin/customer-settings',
        name: 'customer-settings',
        component: () => import('./views/CustomerSettingsView.vue'),
        meta: { title: 'menu.customerSettings', perm: 'settings.manage' },
      },
      {
        path: 'admin/dictionaries',
        name: 'dictionaries',
        component: () => import('./views/DictionariesView.vue'),
        meta: { title: 'menu.dictionaries', perm: 'dictionary.manage' },
      },
      {
        path: 'admin/sla-policies',
        name: 'sla-policies',
        component: () => import('./views/SlaPoliciesView.vue'),
        meta: { title: 'menu.slaPolicies', perm: 'sla.read' },
      },
      {
        path: 'admin/calendars',
        name: 'calendars',
        component: () => import('./views/WorkCalendarsView.vue'),
        meta: { title: 'menu.calendars', perm: 'sla.read' },
      },
      {
        path: 'call-center/staffing',
        name: 'cc-staffing',
        component: () => import('./views/CcStaffingView.vue'),
        meta: { title: 'menu.ccStaffing', perm: 'cc.supervise' },
      },
      {
        path: 'admin/call-center',
        name: 'cc-settings',
        component: () => import('./views/CcSettingsView.vue'),
        meta: { title: 'menu.ccSettings', perm: 'cc.manage' },
      },
      {
        path: 'call-center/calls',
        name: 'cc-calls',
        component: () => import('./views/CcCallsView.vue'),
        meta: { title: 'menu.ccCalls', perm: 'cc.agent' },
      },
      {
        path: 'notifications',
        name: 'notifications',
        component: () => import('./views/NotificationsView.vue'),
        meta: { title: 'notifications.title' },
      },
      {
        path: 'account',
        name: 'account',
        component: () => import('./views/AccountView.vue'),
        meta: { title: 'menu.account' },
      },
      {
        path: 'forbidden',
        name: 'forbidden',
        component: () => import('./views/ForbiddenView.vue'),
        meta: { title: 'forbidden.title' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('./views/NotFoundView.vue'),
        meta: { title: 'notFound.title' },
      },
    ],
  },
]

const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  const session = useSessionStore()
  await session.restore()
  if (to.meta.public) {
    if (to.meta.guestOnly && session.signedIn) return { name: 'home' }
    return true
  }
  if (!session.signedIn) return { name: 'login', query: { redirect: to.fullPath } }
  if (to.meta.perm && !session.can(to.meta.perm)) return { name: 'forbidden' }
  return true
})

export default router
