/* bench/kb_gen - makes N knowledge-base articles (default 10,000) of the
 * trades Guanxi serves (power, telecom, banking, property, logistics, car
 * service), in Chinese, through the same domain code as the API (versions,
 * index), plus an admin user "bench" with password "Bench@12345" and
 * three subcategories under each top-level category. Every tenth article
 * has a second version. Deterministic for a given N.
 *
 *   bin/bench_kb_gen --db PATH [N] */
#include "common.h"
#include "domain/kb.h"
#include "lib/log.h"
#include "store/db.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct trade {
	const char *category; /* top-level category of migration 0011 */
	const char *subs[3];
	const char *subjects[8];
	const char *kinds[4];
	const char *tags[8];
	const char *tcats[3];
	const char *sentences[10];
};

static const struct trade trades[] = {
	{"电力服务", {"停电与抢修", "电费与缴费", "用电业务"},
	 {"计划停电", "故障停电", "电费账单", "阶梯电价", "电表校验", "新装用电", "跳闸", "复电"},
	 {"通知", "处理流程", "常见问题", "受理规范"},
	 {"停电", "检修", "抢修", "电费", "电表", "跳闸", "复电", "供电"},
	 {"repair.power", "inquiry.bill", "service.open"},
	 {"请先在停电信息系统中按地址查询是否有计划停电。", "整片停电且无计划记录时立即派单给抢修班组。",
	  "单户停电请客户先检查家中空开和漏电保护器。", "城区抢修人员 45 分钟内到达现场。",
	  "欠费停电的客户缴清电费后系统自动复电。", "阶梯电价按年度用电量分三档计算。",
	  "电表校验合格的不收取校验费用。", "计划停电须提前七天在小区公告栏张贴通知。",
	  "恢复供电后请回访客户确认用电正常。", "峰谷电价客户峰时段为八点至二十二点。"}},
	{"通信服务", {"宽带", "手机与套餐", "固话"},
	 {"宽带故障", "光猫指示灯", "网速慢", "宽带移机", "套餐变更", "话费异常", "停机复机", "携号转网"},
	 {"排查指引", "办理流程", "常见问题", "话术"},
	 {"宽带", "光猫", "WiFi", "套餐", "话费", "流量", "停机", "5G"},
	 {"repair.network", "service.change", "complaint.billing"},
	 {"光猫 LOS 灯红色闪烁表示光纤信号中断需要派单。", "请客户重启光猫和路由器后再测试网速。",
	  "网线直连电脑测速低于签约速率八成时派单检测。", "套餐变更次月一日生效当月按原套餐计费。",
	  "增值业务无二次确认记录的全额退费。", "欠费停机缴费后三十分钟内自动复机。",
	  "携号转网需在网满一百二十天且无未到期合约。", "宽带移机同城免收移机费。",
	  "路由器应放在房屋中央并远离承重墙。", "5G 套餐可在营业厅或手机营业厅办理。"}},
	{"银行业务", {"信用卡", "账户与转账", "理财"},
	 {"信用卡挂失", "额度调整", "年费减免", "逾期还款", "转账未到账", "账户冻结", "开户资料", "积分兑换"},
	 {"办理流程", "政策说明", "常见问题", "话术"},
	 {"信用卡", "挂失", "额度", "年费", "转账", "冻结", "征信", "积分"},
	 {"service.close", "inquiry.product", "inquiry.policy"},
	 {"挂失前先核实姓名证件号和预留手机号。", "挂失后原卡立即止付新卡七个工作日内寄出。",
	  "还款日后三天为宽限期不影响征信。", "固定额度每六个月可申请调整一次。",
	  "跨行转账一般实时到账大额可能延迟。", "司法冻结需联系冻结机关解除。",
	  "普卡年内刷卡满六次免次年年费。", "户名与账号不符的转账一至三个工作日内退回。",
	  "积分可在手机银行积分商城兑换礼品。", "开户须本人持有效身份证件办理。"}},
	{"物业服务", {"报修", "物业费", "安全"},
	 {"物业报修", "楼上漏水", "电梯困人", "物业费", "停车月卡", "门禁卡", "垃圾分类", "装修申请"},
	 {"流程", "规范", "常见问题", "通知"},
	 {"报修", "漏水", "电梯", "物业费", "停车", "门禁", "装修", "垃圾"},
	 {"repair.property", "repair.water", "inquiry.bill"},
	 {"记录房号联系人故障部位和现象后派单。", "公共部位维修免费户内维修告知收费标准。",
	  "紧急报修三十分钟内到场处理。", "漏水先关闭进水总阀避免扩大损失。",
	  "电梯困人救援人员十五分钟内到达。", "物业费按建筑面积每月计收。",
	  "临时停车首三十分钟免费。", "装修须提前三个工作日到物业服务中心备案。",
	  "门禁卡遗失可凭身份证补办。", "垃圾分类投放时间为早七点至九点晚六点至八点。"}},
	{"物流快递", {"理赔", "寄递", "网点"},
	 {"快递丢件", "快件破损", "派送延误", "禁寄物品", "改地址", "退回件", "保价", "上门取件"},
	 {"理赔流程", "处理规范", "常见问题", "说明"},
	 {"快递", "丢件", "理赔", "破损", "延误", "保价", "禁寄", "取件"},
	 {"complaint.quality", "complaint.delay", "service.change"},
	 {"核实运单号寄件人和收件人信息。", "网点四十八小时内查找无果认定丢件。",
	  "保价快件按保价金额赔偿未保价按运费五倍以内赔偿。", "理赔申请须在寄件之日起三十天内提出。",
	  "请客户保留外包装并拍照留存。", "超过承诺时效二十四小时以上按规定补偿。",
	  "派送前可修改一次收件地址。", "易燃易爆和管制刀具不能寄递。",
	  "上门取件可在官方小程序预约。", "退回件运费由寄件人承担。"}},
	{"汽车服务", {"保养", "维修与救援", "保险"},
	 {"保养预约", "保养周期", "道路救援", "车辆召回", "保修政策", "事故理赔", "年检代办", "轮胎更换"},
	 {"预约流程", "服务说明", "常见问题", "话术"},
	 {"保养", "预约", "救援", "召回", "保修", "理赔", "年检", "轮胎"},
	 {"service.open", "repair", "inquiry.policy"},
	 {"确认车型车架号后六位和当前里程。", "常规保养每一万公里或十二个月更换机油机滤。",
	  "首保免工时费请携带保养手册到店。", "救援时提醒客户开启双闪并撤离到护栏外。",
	  "保修期内车辆免费拖车一百公里。", "召回检修免费且不影响保修。",
	  "事故车辆请先报保险公司再进厂维修。", "年检代办需提供行驶证和交强险保单。",
	  "轮胎花纹深度低于一点六毫米须更换。", "预约成功后将以短信通知到店时间。"}},
};

static const char *const places[] = {"城东片区", "城西片区", "高新区", "开发区", "老城区",
	"滨江新区", "北部新城", "南湖街道", "华苑小区", "阳光花园", "翠湖社区", "工业园区"};
static const char *const general[] = {
	"受理时请使用标准服务用语并核实客户身份。", "处理结果须完整记录在工单中。",
	"客户不满意的可升级至班长处理。", "办结后四十八小时内完成回访。",
	"涉及赔偿的须经主管审核后答复客户。", "遇到媒体或监管转办的投诉立即上报。"};

/* The subcategory ids of each trade, made when missing. */
static int categories(const struct principal *sys, int64_t ids[][3])
{
	struct kb_category *all = calloc(KB_CATEGORIES_MAX, sizeof *all);
	int n = 0, rc = all ? kb_categories(sys, all, &n) : GX_ENOMEM;

	for (size_t t = 0; rc == 0 && t < sizeof trades / sizeof *trades; t++) {
		int64_t top = 0;
		for (int i = 0; i < n; i++)
			if (!all[i].parent_id && !strcmp(all[i].name, trades[t].category))
				top = all[i].id;
		for (int s = 0; rc == 0 && s < 3; s++) {
			struct kb_category_input in = {.name = trades[t].subs[s], .has_name = true,
						       .parent_id = top, .has_parent = true};
			struct kb_category c;
			struct verr v = {0};
			ids[t][s] = 0;
			for (int i = 0; i < n; i++)
				if (all[i].parent_id == top && !strcmp(all[i].name, trades[t].subs[s]))
					ids[t][s] = all[i].id;
			if (!ids[t][s] && (rc = kb_category_create(sys, &in, &c, &v)) == 0)
				ids[t][s] = c.id;
		}
	}
	free(all);
	return rc;
}

/* A body of 3-5 sections of 2-4 sentences (about 300-700 characters). */
static char *body(const struct trade *t, const char *subject)
{
	size_t cap = 8192, n = 0;
	char *s = malloc(cap);
	int sections = 3 + (int)(bench_next() % 3);

	if (!s)
		return NULL;
	n += (size_t)snprintf(s + n, cap - n, "## 适用场景\n客户咨询或反映%s相关问题时使用本文。\n\n",
			      subject);
	for (int i = 0; i < sections; i++) {
		int k = 2 + (int)(bench_next() % 3);
		n += (size_t)snprintf(s + n, cap - n, "## 第%d步\n", i + 1);
		for (int j = 0; j < k; j++)
			n += (size_t)snprintf(s + n, cap - n, "%d. %s\n", j + 1, PICK(t->sentences));
		n += (size_t)snprintf(s + n, cap - n, "%s\n\n", PICK(general));
	}
	return s;
}

static int article(const struct principal *sys, long i, const int64_t ids[][3],
		   struct kb_article *out)
{
	const struct trade *t = &trades[bench_next() % (sizeof trades / sizeof *trades)];
	int sub = (int)(bench_next() % 3);
	const char *subject = PICK(t->subjects);
	char title[256];
	char *text = body(t, subject);
	struct verr v = {0};
	json_t *f;
	int rc;

	if (!text)
		return GX_ENOMEM;
	snprintf(title, sizeof title, "%s%s%s（第%ld号）", bench_next() % 3 ? "" : PICK(places), subject,
		 PICK(t->kinds), i + 1);
	f = json_pack("{s:s,s:s,s:I,s:[s,s],s:[s],s:s,s:s}", "title", title, "body", text,
		      "category_id", (json_int_t)ids[t - trades][sub], "tags", PICK(t->tags),
		      PICK(t->tags), "ticket_categories", t->tcats[sub], "status",
		      bench_next() % 20 ? "published" : "draft", "answer", PICK(t->sentences));
	/* Two tags may come out the same. */
	if (!strcmp(json_string_value(json_array_get(json_object_get(f, "tags"), 0)),
		    json_string_value(json_array_get(json_object_get(f, "tags"), 1))))
		json_array_remove(json_object_get(f, "tags"), 1);
	rc = kb_article_create(sys, f, out, &v);
	if (rc == 0 && i % 10 == 0) {
		json_t *change = json_pack("{s:s}", "answer", PICK(t->sentences));
		int64_t version = out->version;
		store_kb_article_clear(out);
		rc = kb_article_update(sys, out->id, version, change, out, &v);
		json_decref(change);
	}
	if (rc != 0)
		fprintf(stderr, "bench_kb_gen: article %ld: %s %s\n", i,
			v.n ? v.item[0].field : gx_strerror(rc), v.n ? v.item[0].message : "");
	store_kb_article_clear(out);
	json_decref(f);
	free(text);
	return rc;
}

int main(int argc, char **argv)
{
	int64_t ids[sizeof trades / sizeof *trades][3];
	struct kb_article *a = calloc(1, sizeof *a);
	struct principal sys;
	long n = argc == 4 ? atol(argv[3]) : 10000;

	if (argc < 3 || argc > 4 || strcmp(argv[1], "--db") || n <= 0) {
		fprintf(stderr, "usage: bench_kb_gen --db PATH [N]\n");
		return 2;
	}
	if (sodium_init() < 0 || !a)
		return 1;
	log_set_level(LOG_WARN);
	bench_seed(0x9E3779B97F4A7C15ULL);
	if (bench_open(argv[2], true, &sys, NULL) != 0)
		return 1;
	if (categories(&sys, ids) != 0) {
		fprintf(stderr, "bench_kb_gen: cannot make the categories\n");
		return 1;
	}
	bench_seconds();
	for (long i = 0; i < n; i++)
		if (article(&sys, i, ids, a) != 0)
			return 1;
	printf("{\"bench\":\"kb_gen\",\"articles\":%ld,\"seconds\":%.1f}\n", n, bench_seconds());
	db_release_thread();
	free(a);
	return 0;
}
