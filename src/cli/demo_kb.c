/* demo_kb.c - the demo knowledge base for `guanxi demo`: subcategories
 * under the categories of migration 0011 and some forty articles of the
 * trades Guanxi serves (power, telecom, banking, property, logistics, car
 * service), written by the demo supervisors (editors), a few with earlier versions,
 * one draft and one archived. Made only when there are no articles yet. */
#include "cli/demo_kb.h"
#include "domain/kb.h"
#include "domain/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Subcategories: top-level name, then the name under it. */
static const struct {
	const char *parent, *name;
} demo_categories[] = {
	{"电力服务", "停电与抢修"}, {"电力服务", "电费与缴费"}, {"电力服务", "用电业务"},
	{"通信服务", "宽带"}, {"通信服务", "手机与套餐"},
	{"银行业务", "信用卡"}, {"银行业务", "账户与转账"},
	{"物业服务", "报修"}, {"物业服务", "物业费"},
	{"物流快递", "理赔"}, {"物流快递", "寄递"},
	{"汽车服务", "保养"}, {"汽车服务", "维修与救援"},
};

/* category: "top/sub" or "top"; tags and tcats comma-separated. */
static const struct {
	const char *author, *category, *title, *tags, *tcats, *status, *answer, *body;
} demo_articles[] = {
	{"zhangwei", "电力服务/停电与抢修", "计划停电通知", "停电,检修,计划停电", "repair.power",
	 "published",
	 "您好，您所在区域因线路检修计划停电，具体时间以短信和公告为准，届时请提前做好准备，给您带来不便敬请谅解。",
	 "## 适用场景\n客户来电询问小区或片区为何停电、何时恢复。\n\n## 处理步骤\n"
	 "1. 在停电信息系统中按地址查询是否有**计划停电**（检修、施工、迁改）。\n"
	 "2. 有计划停电：告知停电原因、起止时间和影响范围，提醒提前做好准备。\n"
	 "3. 无计划停电：按故障停电处理，转《故障停电报修受理》。\n\n"
	 "## 注意\n计划停电须提前 7 天公告；临时检修须提前 24 小时通知重要客户。"},
	{"zhangwei", "电力服务/停电与抢修", "故障停电报修受理", "停电,报修,抢修", "repair.power",
	 "published",
	 "您好，已为您登记停电报修，抢修人员将尽快到达现场，城区一般 45 分钟内到达，请保持电话畅通。",
	 "## 受理要点\n- 确认客户地址、户号和联系电话。\n- 询问是**单户停电**还是**整片停电**：单户先请客户检查家中空开和漏电保护器。\n"
	 "- 整片停电且无计划停电记录：立即派单给抢修班组。\n\n## 到达时限\n城区 45 分钟，农村 90 分钟，特殊边远地区 2 小时。"},
	{"zhangwei", "电力服务/停电与抢修", "家中跳闸自查指引", "跳闸,空开,漏电保护", "repair.power",
	 "published",
	 "您好，请先检查家中配电箱的总开关和漏电保护器是否跳下，若推上后再次跳闸，请拔下大功率电器后再试。",
	 "## 自查步骤\n1. 打开家中配电箱，查看总开关、漏电保护器是否处于断开位置。\n"
	 "2. 关闭所有电器后推上总开关。\n3. 逐个打开分路开关，找出再次跳闸的线路。\n\n"
	 "若总开关推不上或有焦糊味，请勿自行处理，报修并等待电工上门。"},
	{"zhangwei", "电力服务/电费与缴费", "电费账单说明", "电费,账单,阶梯电价", "inquiry.bill",
	 "published",
	 "您好，您的电费按阶梯电价计算，本月用电量进入第二档，超出部分每千瓦时加价 0.05 元。",
	 "## 阶梯电价\n第一档 2760 千瓦时以内不加价；第二档 2761–4800 千瓦时每千瓦时加 0.05 元；第三档超过 4800 千瓦时每千瓦时加 0.3 元。\n\n"
	 "## 峰谷电价\n开通峰谷电价的客户，8:00–22:00 为峰时段，其余为谷时段。"},
	{"zhangwei", "电力服务/电费与缴费", "电费缴纳方式", "电费,缴费,代扣", "inquiry.bill",
	 "published",
	 "您好，电费可通过网上国网 App、微信、支付宝、银行代扣或营业厅缴纳，缴费后一般即时到账。",
	 "## 缴费渠道\n- 网上国网 App、微信生活缴费、支付宝。\n- 银行代扣：携带身份证和银行卡到营业厅或在 App 中签约。\n- 营业厅现金或刷卡。\n\n"
	 "欠费停电的客户缴清电费后，系统 24 小时内自动复电。"},
	{"lijing", "电力服务/用电业务", "居民新装用电办理", "新装,过户,用电申请", "service.open",
	 "published", "您好，居民新装用电可在网上国网 App 申请，需提供身份证和房产证明，一般 3 个工作日内装表接电。",
	 "## 所需资料\n- 户主身份证。\n- 房产证或购房合同。\n\n## 时限\n无工程的居民新装，受理后 3 个工作日内装表接电。"},
	{"lijing", "电力服务/用电业务", "电表异常与校验", "电表,校验,电量异常", "complaint.billing",
	 "published", "您好，如您对电表计量有疑问，可申请电表校验，校验合格不收费，校验结果 5 个工作日内告知您。",
	 "## 处理\n1. 先核对近 6 个月用电量，排除季节性用电变化。\n2. 客户仍有疑问：受理电表校验申请。\n"
	 "3. 校验误差超出允许范围的，按规定退补电费。"},
	{"zhangwei", "通信服务/宽带", "宽带故障排查", "宽带,断网,光猫", "repair.network", "published",
	 "您好，请先重启光猫和路由器，如光猫 LOS 灯为红色，说明光纤信号中断，我们将为您安排维修人员上门。",
	 "## 排查顺序\n1. 查看光猫指示灯：**LOS 灯红色闪烁**表示光信号中断，直接派单。\n"
	 "2. PON 灯不亮或闪烁：光猫未注册，远程重置后仍不行则派单。\n3. 指示灯正常：重启光猫和路由器，检查网线。\n"
	 "4. 仅 WiFi 不可用：检查路由器设置，指导客户恢复出厂设置。\n\n## 时限\n城区 24 小时内修复。"},
	{"zhangwei", "通信服务/宽带", "宽带新装与移机", "宽带,新装,移机", "service.open", "published",
	 "您好，宽带新装和移机可在营业厅或 App 办理，资源确认后 48 小时内上门安装。",
	 "## 办理\n- 新装：核实地址是否有光纤资源，预约上门时间。\n- 移机：原地址拆机与新地址安装可同日预约。\n\n"
	 "移机同一城市内免收移机费。"},
	{"zhangwei", "通信服务/宽带", "WiFi 网速慢处理", "WiFi,网速,路由器", "repair.network",
	 "published", "您好，网速慢多与路由器位置和同时连接的设备有关，建议将路由器放在房屋中央并使用 5G 频段。",
	 "## 建议\n1. 通过网线直连电脑测速，确认是否为宽带本身的问题。\n2. 路由器远离微波炉、承重墙。\n"
	 "3. 优先连接 5G 频段 WiFi。\n4. 直连测速仍低于签约速率的 80%：派单检测线路。"},
	{"lijing", "通信服务/手机与套餐", "手机套餐变更规则", "套餐,变更,资费", "service.change",
	 "published", "您好，套餐变更次月生效，当月仍按原套餐计费；合约期内的套餐只能升档不能降档。",
	 "## 规则\n- 变更次月 1 日生效。\n- 合约期内只可变更为更高档位套餐。\n- 已订购的流量包随主套餐到期。"},
	{"lijing", "通信服务/手机与套餐", "话费异常扣费查询", "话费,扣费,增值业务", "complaint.billing",
	 "published", "您好，已为您查询到本月有增值业务扣费，已为您退订，并按规定退还未经确认订购的费用。",
	 "## 处理步骤\n1. 查询详单，确认扣费项目。\n2. 增值业务：查询订购记录和二次确认短信。\n"
	 "3. 无二次确认记录的，全额退费并退订。\n4. 客户坚持投诉的，升级到投诉处理。"},
	{"zhangwei", "通信服务/手机与套餐", "手机停机与复机", "停机,复机,欠费", "service.change",
	 "published", "您好，缴清欠费后系统会在 30 分钟内为您自动复机。",
	 "## 说明\n- 欠费停机：缴费后 30 分钟内自动复机。\n- 挂失停机：本人携带身份证到营业厅或在 App 中核验身份后复机。"},
	{"zhangwei", "通信服务/手机与套餐", "携号转网办理条件", "携号转网,转网", "inquiry.policy",
	 "published", "您好，携号转网需满足号码实名、在网满 120 天、无欠费且无未到期合约等条件。",
	 "## 条件\n1. 号码已实名登记。\n2. 在网时间满 120 天。\n3. 无欠费、无未到期合约。\n4. 非物联网号码。\n\n"
	 "发送短信 CXXZ#姓名#证件号码 到 10086 查询是否符合条件。"},
	{"lijing", "银行业务/信用卡", "信用卡挂失", "信用卡,挂失,盗刷", "service.close", "published",
	 "您好，已为您办理信用卡挂失，挂失后原卡立即停用，新卡将在 7 个工作日内寄出。",
	 "## 步骤\n1. 核实身份：姓名、证件号、预留手机号和查询密码。\n2. 立即挂失，原卡即时止付。\n"
	 "3. 询问是否有可疑交易：有则登记争议交易。\n4. 确认补卡邮寄地址。\n\n挂失前 48 小时内的盗刷可申请调查。"},
	{"lijing", "银行业务/信用卡", "信用卡额度调整", "信用卡,额度,提额", "service.change",
	 "published", "您好，您可以在手机银行申请固定额度调整，审批结果将以短信通知。",
	 "## 说明\n- 固定额度：持卡满 6 个月、按时还款可申请，每 6 个月一次。\n- 临时额度：有效期 30 天，到期需一次还清。"},
	{"zhangwei", "银行业务/信用卡", "信用卡年费与减免", "信用卡,年费", "inquiry.product",
	 "published", "您好，普卡首年免年费，年内刷卡满 6 次可免次年年费。",
	 "## 年费规则\n- 普卡、金卡：首年免年费，刷卡满 6 次免次年年费。\n- 白金卡：按卡种规定收取，积分可抵扣。"},
	{"zhangwei", "银行业务/信用卡", "信用卡逾期与征信", "信用卡,逾期,征信", "inquiry.policy",
	 "published", "您好，还款日后 3 天内为宽限期，宽限期内还款不视为逾期，不影响征信。",
	 "## 要点\n- 宽限期 3 天。\n- 逾期记录自还清之日起保留 5 年。\n- 非恶意逾期可申请征信异议，需提供证明材料。"},
	{"lijing", "银行业务/账户与转账", "转账未到账查询", "转账,到账,跨行", "inquiry.product",
	 "published", "您好，跨行转账一般实时到账，大额或非工作时间可能延迟至下一工作日。",
	 "## 查询\n1. 核实转账时间、金额、收款人账号和户名。\n2. 查询交易状态：处理中、成功或退回。\n"
	 "3. 户名与账号不符的会在 1–3 个工作日内退回原账户。"},
	{"lijing", "银行业务/账户与转账", "银行卡被冻结怎么办", "冻结,止付,账户", "inquiry.policy",
	 "published", "您好，账户冻结需由冻结机关解除，我们可以为您查询冻结机关和联系方式。",
	 "## 说明\n- 司法冻结：需联系冻结机关（法院、公安）解除。\n- 风控止付：本人携带证件到开户网点核实后解除。"},
	{"zhangwei", "银行业务/账户与转账", "个人账户开户所需资料", "开户,资料", "service.open",
	 "published", "您好，开立个人账户请携带本人有效身份证件到网点办理。",
	 "## 资料\n- 本人有效身份证件。\n- 本人手机号码。\n\n代理开户需提供代理人和被代理人证件及授权书。"},
	{"zhangwei", "物业服务/报修", "物业报修流程", "报修,物业,上门维修", "repair.property",
	 "published", "您好，已为您登记报修，维修人员将在 2 小时内联系您预约上门时间。",
	 "## 受理\n1. 记录房号、联系人、故障部位和现象。\n2. 区分公共部位和户内：公共部位免费维修。\n"
	 "3. 户内维修告知收费标准，客户同意后派单。\n\n## 时限\n紧急报修（漏水、停电）30 分钟内到场。"},
	{"lijing", "物业服务/报修", "楼上漏水处理", "漏水,报修,邻里", "repair.water", "published",
	 "您好，我们已安排维修人员上门查看漏水点，并会协调楼上业主配合检查。",
	 "## 步骤\n1. 先关闭进水总阀，避免扩大损失。\n2. 维修人员上门确认漏水点。\n3. 属于楼上户内原因的，协调楼上业主维修并协商赔偿。"},
	{"zhangwei", "物业服务/报修", "电梯困人应急", "电梯,困人,应急", "repair.property", "published",
	 "您好，请保持冷静，不要强行扒门，救援人员 15 分钟内到达。",
	 "## 应急\n1. 安抚被困人员，确认电梯位置和人数。\n2. 立即通知电梯维保单位和值班人员。\n3. 救援时限：15 分钟内到场。"},
	{"zhangwei", "物业服务/物业费", "物业费收费标准", "物业费,收费", "inquiry.bill", "published",
	 "您好，物业费按建筑面积计收，标准以物业服务合同和公示为准。",
	 "## 说明\n- 按建筑面积每月计收。\n- 空置房可按规定申请减免。\n- 可在业主 App 中查询缴费明细。"},
	{"lijing", "物业服务/物业费", "停车费与车位管理", "停车,车位,月卡", "inquiry.bill",
	 "published", "您好，月卡可在业主 App 中办理和续费，临时停车首 30 分钟免费。",
	 "## 规则\n- 业主月卡：凭行驶证和房产证明办理。\n- 临时停车：首 30 分钟免费。"},
	{"zhangwei", "物流快递/理赔", "快递丢件理赔", "丢件,理赔,保价", "complaint.quality",
	 "published", "您好，已为您登记丢件理赔，保价快件按保价金额赔偿，未保价快件按运费的 5 倍以内赔偿。",
	 "## 处理步骤\n1. 核实运单号、寄件人和收件人信息。\n2. 查询物流轨迹，确认最后扫描网点。\n"
	 "3. 网点 48 小时内查找无果：认定丢件。\n4. 赔付：**保价件**按保价金额；未保价件按运费 5 倍以内赔偿。\n\n"
	 "理赔申请须在寄件之日起 30 天内提出。"},
	{"zhangwei", "物流快递/理赔", "快件破损理赔", "破损,理赔", "complaint.quality", "published",
	 "您好，请保留外包装并拍照，我们将在 3 个工作日内完成核实并给出理赔方案。",
	 "## 所需材料\n- 外包装和内件照片。\n- 物品价值证明。\n\n签收时当面验货发现破损的，请当场拒收或在面单上注明。"},
	{"lijing", "物流快递/寄递", "禁寄物品说明", "禁寄,违禁品", "inquiry.policy", "published",
	 "您好，易燃易爆、管制刀具、活体动物等物品不能寄递，具体可查看禁寄物品目录。",
	 "## 常见禁寄物品\n- 易燃易爆：打火机、烟花爆竹、酒精。\n- 管制器具。\n- 活体动物（特殊许可除外）。"},
	{"zhangwei", "物流快递/寄递", "快递延误处理", "延误,催件,时效", "complaint.delay",
	 "published", "您好，已为您催促网点尽快派送，超过承诺时效的我们将按规定补偿。",
	 "## 处理\n1. 查询物流轨迹，确认延误原因（天气、分拣、地址不详）。\n2. 联系网点催件。\n3. 超过承诺时效 24 小时以上的按规定补偿。"},
	{"zhangwei", "汽车服务/保养", "车辆保养预约", "保养,预约,4S店", "service.open", "published",
	 "您好，已为您预约保养，请按时到店，首保免工时费。",
	 "## 预约\n1. 确认车型、车架号后 6 位和当前里程。\n2. 按保养周期推荐项目：一般每 5000–10000 公里或 6 个月一次。\n"
	 "3. 确认到店时间，提醒携带保养手册。"},
	{"lijing", "汽车服务/保养", "保养项目与周期", "保养,周期,机油", "inquiry.product",
	 "published", "您好，常规保养每 10000 公里或 12 个月更换机油和机滤，以先到者为准。",
	 "## 周期\n- 机油、机滤：10000 公里或 12 个月。\n- 空气滤芯：20000 公里。\n- 刹车油：2 年或 40000 公里。"},
	{"zhangwei", "汽车服务/维修与救援", "道路救援服务", "救援,拖车,搭电", "repair", "published",
	 "您好，已为您安排道路救援，救援车辆预计 60 分钟内到达，请开启双闪并在安全位置等候。",
	 "## 受理\n1. 确认位置、车型、车牌和故障现象。\n2. 提醒客户开启双闪、放置警示牌、人员撤离到护栏外。\n"
	 "3. 派单：搭电、换胎、拖车。\n\n保修期内车辆免费拖车 100 公里。"},
	{"zhangwei", "汽车服务/维修与救援", "车辆召回查询", "召回,安全", "inquiry.policy", "published",
	 "您好，您的车辆在召回范围内，请联系就近 4S 店免费检修。",
	 "## 查询\n输入车架号查询是否在召回范围；召回检修免费，不影响保修。"},
	{"zhangwei", "通用规范", "投诉处理规范", "投诉,处理,升级", "complaint", "published",
	 "您好，您的意见我们已经记录，会在 24 小时内给您答复。",
	 "## 原则\n- 首问负责：接到投诉的人跟踪到底。\n- 24 小时内首次答复，5 个工作日内办结。\n"
	 "- 重复投诉、媒体投诉、监管转办投诉立即升级班长。\n\n## 记录\n投诉人、诉求、过程和结果必须完整记录在工单中。"},
	{"lijing", "通用规范", "服务态度投诉处理", "投诉,服务态度,道歉", "complaint.attitude",
	 "published", "非常抱歉给您带来了不好的体验，我们会核实情况并对相关人员进行处理，并在 24 小时内回复您。",
	 "## 步骤\n1. 诚恳道歉，不争辩。\n2. 调取录音核实。\n3. 属实的：向客户正式道歉，人员纳入考核。\n4. 回访客户满意度。"},
	{"zhangwei", "通用规范", "客户回访规范", "回访,满意度", "suggestion", "published",
	 "您好，这里是客服中心，想了解一下您上次反映的问题是否已经解决，您对处理结果是否满意？",
	 "## 要求\n- 工单办结后 48 小时内回访。\n- 请客户按 1–5 分评价。\n- 不满意的工单在 7 天内可重新打开。"},
	{"lijing", "通用规范", "标准服务用语", "服务用语,开场白,结束语", "inquiry", "published",
	 "您好，很高兴为您服务，请问有什么可以帮您？",
	 "## 开场\n您好，工号 XXXX 很高兴为您服务。\n\n## 结束\n请问还有其他可以帮您的吗？感谢您的来电，再见。\n\n"
	 "## 禁语\n不知道、不归我管、你自己去查。"},
	{"zhangwei", "通用规范", "客户信息保密要求", "保密,个人信息", "inquiry.policy", "published",
	 "您好，为保护您的信息安全，需要先核实您的身份。",
	 "## 要求\n- 查询账户信息前必须核实身份。\n- 不得向第三方透露客户信息。\n- 身份证号、银行卡号只读后四位。"},
	{"lijing", "电力服务/停电与抢修", "停电补偿标准", "停电,补偿,赔偿", "complaint.quality",
	 "published", "您好，因供电企业责任造成停电且超过规定时限的，我们将按规定给予补偿。",
	 "## 标准\n- 计划停电未提前公告造成损失的，按实际损失赔偿。\n- 故障停电超过 24 小时的，按停电时长给予电费减免。"},
	{"zhangwei", "通信服务/宽带", "宽带提速活动（草稿）", "宽带,提速,活动", "event", "draft",
	 "", "## 活动内容\n老用户免费提速至 1000M，活动细则待市场部确认。"},
	{"lijing", "银行业务/信用卡", "旧版信用卡积分规则", "积分", "inquiry.product", "archived",
	 "", "每消费 20 元积 1 分（已于今年起调整，见新版规则）。"},
	{"zhangwei", "物流快递/寄递", "快递改地址与退回", "改地址,退回", "service.change",
	 "published", "您好，快件未派送前可以修改一次收件地址，已派送的需联系派件员。",
	 "## 规则\n- 派送前可改址一次，同城免费。\n- 退回原寄件人：运费由寄件人承担。"},
};

#define DEMO_VERSIONS 2 /* the first articles get this many later versions */

/* The id of the category with this name under parent (0: top), or 0. */
static int64_t find_category(const struct kb_category *all, int n, int64_t parent,
			     const char *name, size_t len)
{
	for (int i = 0; i < n; i++)
		if (all[i].parent_id == parent && strlen(all[i].name) == len &&
		    !strncmp(all[i].name, name, len))
			return all[i].id;
	return 0;
}

/* Makes the subcategories that are missing. */
static int make_categories(const struct principal *sys, struct kb_category *all, int *n)
{
	int rc;

	if ((rc = kb_categories(sys, all, n)) != 0)
		return rc;
	for (size_t i = 0; i < sizeof demo_categories / sizeof *demo_categories; i++) {
		const char *p = demo_categories[i].parent, *name = demo_categories[i].name;
		int64_t parent = find_category(all, *n, 0, p, strlen(p));
		struct kb_category_input in = {.name = name, .has_name = true,
					       .parent_id = parent, .has_parent = true,
					       .sort = (int64_t)i, .has_sort = true};
		struct kb_category c;
		struct verr v = {0};
		if (!parent || find_category(all, *n, parent, name, strlen(name)))
			continue;
		if ((rc = kb_category_create(sys, &in, &c, &v)) != 0)
			return rc;
		if (*n < KB_CATEGORIES_MAX)
			all[(*n)++] = c;
	}
	return 0;
}

/* "top/sub" → the category id, 0 if unknown. */
static int64_t category_of(const struct kb_category *all, int n, const char *path)
{
	const char *slash = strchr(path, '/');
	int64_t top = find_category(all, n, 0, path, slash ? (size_t)(slash - path) : strlen(path));

	return slash && top ? find_category(all, n, top, slash + 1, strlen(slash + 1)) : top;
}

/* "a,b,c" as a JSON array of strings. */
static json_t *split(const char *csv)
{
	json_t *arr = json_array();

	while (csv && *csv) {
		size_t n = strcspn(csv, ",");
		json_array_append_new(arr, json_stringn(csv, n));
		csv += n + (csv[n] == ',');
	}
	return arr;
}

static int make_article(const struct principal *sys, size_t i, int64_t category)
{
	struct kb_article *a = calloc(1, sizeof *a);
	struct principal author;
	struct verr v = {0};
	json_t *f;
	int rc;

	if (!a)
		return GX_ENOMEM;
	if ((rc = demo_as_user(sys, demo_articles[i].author, &author)) != 0)
		goto out;
	/* The first ones start shorter and are improved, so their history
	 * has versions to show. */
	f = json_pack("{s:s,s:s,s:I,s:o,s:o,s:s,s:s}", "title", demo_articles[i].title,
		      "body", demo_articles[i].body, "category_id", (json_int_t)category,
		      "tags", split(demo_articles[i].tags), "ticket_categories",
		      split(demo_articles[i].tcats), "status", demo_articles[i].status,
		      "answer", demo_articles[i].answer);
	if (i < 3)
		json_object_set_new(f, "body", json_string("（初稿）待补充处理步骤。"));
	rc = kb_article_create(&author, f, a, &v);
	for (int k = 0; rc == 0 && i < 3 && k < DEMO_VERSIONS; k++) {
		json_t *change = k == DEMO_VERSIONS - 1
			? json_pack("{s:s}", "body", demo_articles[i].body)
			: json_pack("{s:s}", "body", "（修订中）处理步骤见下一版。");
		int64_t version = a->version;
		store_kb_article_clear(a);
		rc = kb_article_update(&author, a->id, version, change, a, &v);
		json_decref(change);
	}
	json_decref(f);
	if (rc != 0)
		fprintf(stderr, "guanxi demo: article \"%s\": %s %s\n", demo_articles[i].title,
			v.n ? v.item[0].field : "", v.n ? v.item[0].message : gx_strerror(rc));
out:
	store_kb_article_clear(a);
	free(a);
	return rc;
}

int demo_kb_load(const struct principal *sys, int *loaded)
{
	struct kb_category *all = calloc(KB_CATEGORIES_MAX, sizeof *all);
	struct kb_list any = {.limit = 1};
	struct kb_article one;
	struct verr v = {0};
	int n = 0, rc = GX_ENOMEM;

	*loaded = 0;
	if (!all || (rc = kb_article_list(sys, &any, &one, &n, &v)) != 0 || n)
		goto out;
	if ((rc = make_categories(sys, all, &n)) != 0)
		goto out;
	for (size_t i = 0; i < sizeof demo_articles / sizeof *demo_articles; i++) {
		int64_t category = category_of(all, n, demo_articles[i].category);
		if (!category) {
			fprintf(stderr, "guanxi demo: no category %s\n", demo_articles[i].category);
			rc = GX_ENOTFOUND;
			goto out;
		}
		if ((rc = make_article(sys, i, category)) != 0)
			goto out;
		(*loaded)++;
	}
out:
	free(all);
	return rc;
}
