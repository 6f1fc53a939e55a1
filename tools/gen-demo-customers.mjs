// Writes data/demo/customers.jsonl: the demo customers `guanxi demo`
// loads, one JSON object per line in the fields of POST /api/v1/customers
// plus "owner" (a demo username), "team" (a demo team name), "contacts"
// (organisations: 1-4 in the fields of POST .../contacts) and
// "interactions" (fields of POST .../interactions, with "days_ago" instead
// of occurred_at so they stay recent, "by" the demo user who logged it and
// "contact" an index into contacts).
// Deterministic (fixed seeds), so the committed file only changes when this
// script or @faker-js/faker does. Run: cd tools && npm run gen-demo-customers
import { Faker, base, en, fakerZH_CN as f, zh_CN } from '@faker-js/faker'
import { writeFileSync } from 'node:fs'

const COUNT = 3000
f.seed(20261122)
// Birthdays are drawn relative to this moment (when the file was first
// made), not to the day the script runs.
f.setDefaultRefDate('2026-11-22T13:52:00Z')
// Contacts and interactions draw from their own generator, so adding them
// left every customer field as it was.
const g = new Faker({ locale: [zh_CN, en, base] })
g.seed(20261123)

// Province-level divisions by the names faker uses, with GB/T 2260 codes.
const PROVINCES = {
  北京市: '110000', 天津市: '120000', 河北省: '130000', 山西省: '140000', 内蒙古自治区: '150000',
  辽宁省: '210000', 吉林省: '220000', 黑龙江省: '230000', 上海市: '310000', 江苏省: '320000',
  浙江省: '330000', 安徽省: '340000', 福建省: '350000', 江西省: '360000', 山东省: '370000',
  河南省: '410000', 湖北省: '420000', 湖南省: '430000', 广东省: '440000', 广西壮族自治区: '450000',
  海南省: '460000', 重庆市: '500000', 四川省: '510000', 贵州省: '520000', 云南省: '530000',
  西藏自治区: '540000', 陕西省: '610000', 甘肃省: '620000', 青海省: '630000',
  宁夏回族自治区: '640000', 新疆维吾尔自治区: '650000',
}
// Real county-level codes for the first six digits of ID numbers.
const COUNTIES = ['110101', '110105', '310104', '310115', '440106', '440305', '330106',
  '350102', '350203', '510107', '420106', '320102', '370202', '610113', '500103']
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150',
  '151', '152', '155', '156', '157', '158', '159', '166', '176', '177', '178', '180', '181',
  '182', '183', '186', '187', '188', '189', '191', '198', '199']
const AREA_CODES = ['010', '021', '020', '0755', '0571', '0591', '028', '027', '025', '0532']
const TAGS = ['宽带', '5G套餐', '信用卡', '理财', '房贷', '车贷', '物业服务', '新能源车主',
  '老客户', '投诉敏感', '高净值', '企业专线', '智慧家庭', '积分会员']
const SOURCES = ['热线', '营业厅', '官网', '微信公众号', '客户经理推荐', '线下活动', '合作渠道']
const INDUSTRIES = ['制造业', '批发和零售业', '信息技术服务', '金融业', '房地产业', '建筑业',
  '交通运输和物流', '教育', '卫生和社会工作', '住宿和餐饮业', '公共管理']
const TEAMS = ['客服一组', '客服一组', '客服二组', '客服二组', '大客户部']

function pick(list, gen = f) {
  return list[gen.number.int({ min: 0, max: list.length - 1 })]
}

function weighted(pairs, gen = f) {
  let r = gen.number.float({ min: 0, max: 1 })
  for (const [value, w] of pairs) {
    if ((r -= w) <= 0) return value
  }
  return pairs[pairs.length - 1][0]
}

function mobile(gen = f) {
  return pick(MOBILE_PREFIXES, gen) + gen.string.numeric(8)
}

function landline(gen = f) {
  const area = pick(AREA_CODES, gen)
  // Local numbers start with 2-8; the area code is 3 or 4 digits.
  return area + gen.string.numeric({ length: 1, exclude: ['0', '1', '9'] }) +
    gen.string.numeric(area.length === 3 ? 7 : 6)
}

// GB 11643: 17 digits and the ISO 7064 MOD 11-2 check character.
function residentId(birthday, male) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const seq = f.number.int({ min: 0, max: 499 }) * 2 + (male ? 1 : 0)
  const body = pick(COUNTIES) + birthday.replaceAll('-', '') + String(seq).padStart(3, '0')
  const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i], 0)
  return body + '10X98765432'[sum % 11]
}

// GB 32100: 17 characters and the MOD 31 check character.
function creditCode() {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  const body = '91' + pick(COUNTIES) + f.string.fromCharacters(alphabet, 9)
  const sum = [...body].reduce((s, ch, i) => s + alphabet.indexOf(ch) * w[i], 0)
  return body + alphabet[(31 - (sum % 31)) % 31]
}

function tags() {
  return f.helpers.arrayElements(TAGS, f.number.int({ min: 0, max: 3 }))
}

function common(c) {
  const province = pick(Object.keys(PROVINCES))
  c.province = PROVINCES[province]
  c.address = province + f.location.city() + f.location.streetAddress()
  c.tier = weighted([['vip', 0.03], ['key', 0.12], ['general', 0.7], ['small', 0.15]])
  c.lifecycle_stage = weighted([['prospect', 0.08], ['new', 0.15], ['active', 0.5],
    ['loyal', 0.15], ['dormant', 0.08], ['lost', 0.04]])
  c.source = pick(SOURCES)
  c.tags = tags()
  c.team = pick(TEAMS)
  if (c.team === '大客户部' || c.tier === 'vip') c.owner = 'zhaomin'
  return c
}

function individual() {
  const male = f.datatype.boolean()
  const birthday = f.date.birthdate({ min: 18, max: 80, mode: 'age' }).toISOString().slice(0, 10)
  const c = {
    type: 'individual',
    name: f.person.lastName() + f.person.firstName(male ? 'male' : 'female'),
    gender: male ? 'male' : 'female',
    birthday,
    phones: f.datatype.boolean(0.2) ? [mobile(), mobile()] : [mobile()],
    emails: f.datatype.boolean(0.35) ? [f.internet.email().toLowerCase()] : [],
    id_number: f.datatype.boolean(0.8) ? residentId(birthday, male) : null,
    company: f.datatype.boolean(0.4) ? f.company.name() : '',
  }
  return common(c)
}

function organisation(type) {
  const c = {
    type,
    name: f.company.name(),
    phones: [landline(), mobile()],
    emails: [f.internet.email().toLowerCase()],
    id_number: creditCode(),
    industry: type === 'financial' ? '金融业' : type === 'government' ? '公共管理' : pick(INDUSTRIES),
    credit_grade: weighted([['AAA', 0.1], ['AA', 0.25], ['A', 0.3], ['BBB', 0.2], ['BB', 0.1],
      ['below_BB', 0.05]]),
  }
  return common(c)
}

const TITLES = [['总经理', '总经办'], ['副总经理', '总经办'], ['财务总监', '财务部'],
  ['采购经理', '采购部'], ['信息中心主任', '信息中心'], ['行政主管', '行政部'],
  ['办公室主任', '办公室'], ['运营总监', '运营部'], ['法务专员', '法务部'], ['出纳', '财务部']]
const TEAM_USERS = { 客服一组: ['liuyang', 'wangfang', 'zhangwei'], 客服二组: ['chenjie', 'lijing'],
  大客户部: ['zhaomin'] }
const SUMMARIES = {
  phone: ['客户来电咨询本月账单明细，已逐项解释', '回访上次故障处理结果，客户表示满意',
    '客户来电要求变更联系电话，已指导线上办理', '通知套餐到期续约事宜，客户考虑后回复',
    '客户投诉营业厅排队时间长，已记录并转班长'],
  email: ['发送续约方案和报价单', '客户邮件确认发票抬头和税号', '回复客户关于服务条款的询问'],
  meeting: ['季度业务回顾会，讨论明年合作计划', '与客户采购部沟通招标安排'],
  visit: ['上门拜访，了解客户新办公地点的网络需求', '陪同技术人员现场勘查', '节前走访，送达贺卡'],
  sms: ['发送账单提醒短信', '发送维修上门时间确认短信'],
  wechat: ['客户微信询问活动规则，已发送说明', '微信群内通知系统升级时间'],
  weibo: ['客户微博@官方账号反映网络问题，已私信跟进'],
}

function contacts() {
  return Array.from({ length: g.number.int({ min: 1, max: 4 }) }, () => {
    const male = g.datatype.boolean()
    const last = g.person.lastName()
    const [title, department] = g.helpers.arrayElement(TITLES)
    const c = {
      name: last + g.person.firstName(male ? 'male' : 'female'),
      title,
      department,
      salutation: title.includes('总') ? `${last}总` : male ? '先生' : '女士',
      phones: g.datatype.boolean(0.3) ? [mobile(g), landline(g)] : [mobile(g)],
      decision_role: weighted([['decision_maker', 0.25], ['influencer', 0.3], ['user', 0.3],
        ['other', 0.15]], g),
    }
    if (g.datatype.boolean(0.6)) c.email = g.internet.email().toLowerCase()
    if (g.datatype.boolean(0.2)) c.remarks = g.helpers.arrayElement(['周三下午方便接电话',
      '只接受邮件沟通', '对价格敏感', '下月起休产假，由副手对接'])
    return c
  })
}

function interactions(c) {
  const users = TEAM_USERS[c.team]
  const n = weighted([[0, 0.15], [1, 0.3], [2, 0.25], [3, 0.15], [4, 0.1], [6, 0.05]], g)
  return Array.from({ length: n }, () => {
    const channel = weighted([['phone', 0.45], ['email', 0.1], ['meeting', 0.05], ['visit', 0.08],
      ['sms', 0.12], ['wechat', 0.17], ['weibo', 0.03]], g)
    const i = {
      channel,
      direction: ['visit', 'meeting', 'sms'].includes(channel) ? 'outbound'
        : g.helpers.arrayElement(['inbound', 'outbound']),
      days_ago: Math.round(g.number.float({ min: 0.05, max: 180 }) * 100) / 100,
      summary: g.helpers.arrayElement(SUMMARIES[channel]),
      by: c.owner || g.helpers.arrayElement(users),
    }
    if (c.contacts && g.datatype.boolean(0.7)) {
      i.contact = g.number.int({ min: 0, max: c.contacts.length - 1 })
      i.participants = c.contacts[i.contact].name
    }
    return i
  })
}

const lines = []
for (let i = 0; i < COUNT; i++) {
  const type = weighted([['individual', 0.8], ['corporate', 0.12], ['financial', 0.03],
    ['government', 0.05]])
  const c = type === 'individual' ? individual() : organisation(type)
  if (type !== 'individual') c.contacts = contacts()
  c.interactions = interactions(c)
  lines.push(JSON.stringify(c))
}
writeFileSync(new URL('../data/demo/customers.jsonl', import.meta.url), lines.join('\n') + '\n')
console.log(`wrote ${COUNT} customers with their contacts and interactions to data/demo/customers.jsonl`)
