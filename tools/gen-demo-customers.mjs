// Writes data/demo/customers.jsonl: the demo customers `guanxi demo`
// loads, one JSON object per line in the fields of POST /api/v1/customers
// plus "owner" (a demo username) and "team" (a demo team name).
// Deterministic (fixed seed), so the committed file only changes when this
// script or @faker-js/faker does. Run: cd tools && npm run gen-demo-customers
import { fakerZH_CN as f } from '@faker-js/faker'
import { writeFileSync } from 'node:fs'

const COUNT = 3000
f.seed(20261122)

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

function pick(list) {
  return list[f.number.int({ min: 0, max: list.length - 1 })]
}

function weighted(pairs) {
  let r = f.number.float({ min: 0, max: 1 })
  for (const [value, w] of pairs) {
    if ((r -= w) <= 0) return value
  }
  return pairs[pairs.length - 1][0]
}

function mobile() {
  return pick(MOBILE_PREFIXES) + f.string.numeric(8)
}

function landline() {
  const area = pick(AREA_CODES)
  // Local numbers start with 2-8; the area code is 3 or 4 digits.
  return area + f.string.numeric({ length: 1, exclude: ['0', '1', '9'] }) +
    f.string.numeric(area.length === 3 ? 7 : 6)
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

const lines = []
for (let i = 0; i < COUNT; i++) {
  const type = weighted([['individual', 0.8], ['corporate', 0.12], ['financial', 0.03],
    ['government', 0.05]])
  lines.push(JSON.stringify(type === 'individual' ? individual() : organisation(type)))
}
writeFileSync(new URL('../data/demo/customers.jsonl', import.meta.url), lines.join('\n') + '\n')
console.log(`wrote ${COUNT} customers to data/demo/customers.jsonl`)
