/* demo_tickets.c - the work orders of `guanxi demo`: a few thousand orders
 * over the last six months, in every state of the closed loop, made by the
 * demo agents and dispatched by their supervisors through the same domain
 * functions the API uses. Each order's steps are spaced out by moving this
 * process's clock forward; the finished order's history is then moved back
 * to when it began, so the oldest orders are long closed and some open
 * ones are past their time limit. */
#include "cli/cli.h"
#include "domain/customers.h"
#include "domain/tickets.h"
#include "domain/users.h"
#include "lib/clock.h"
#include "store/db.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_TICKETS 3000
#define DEMO_DAYS 180
#define DAY_MS (24LL * 3600 * 1000)
#define HOUR_MS (3600LL * 1000)

static const struct {
	const char *type, *category, *title, *description;
} samples[] = {
	{"complaint", "complaint.attitude", "营业厅柜员服务态度冷淡",
	 "客户称昨日下午在营业厅办理业务时，柜员不耐烦且未解释清楚办理流程，要求给个说法。"},
	{"complaint", "complaint.billing", "本月话费多扣 30 元",
	 "客户套餐为 128 元档，本月账单 158 元，称未使用任何增值业务，要求退还多扣费用。"},
	{"complaint", "complaint.billing", "物业费收费标准与合同不符",
	 "业主反映今年物业费按 2.8 元/平方米收取，合同约定为 2.5 元，要求核实并退差价。"},
	{"complaint", "complaint.delay", "维修人员未按约定时间上门",
	 "约定上午 9 点至 12 点上门，客户等到下午 3 点仍无人联系，客户非常不满。"},
	{"complaint", "complaint.quality", "新装宽带网速达不到签约速率",
	 "客户签约 500M 宽带，实测仅 80M 左右，多次重启光猫无改善。"},
	{"complaint", "complaint.delay", "贷款审批进度迟迟没有答复",
	 "客户两周前提交房贷申请，客户经理一直未回电，客户担心影响购房合同。"},
	{"repair", "repair.network", "宽带无法上网",
	 "客户家中宽带从昨晚开始无法上网，光猫 LOS 灯红色闪烁。"},
	{"repair", "repair.network", "光纤线路中断，整栋楼无信号",
	 "多位住户来电反映同一栋楼宽带和电视信号全部中断，疑似施工挖断光缆。"},
	{"repair", "repair.power", "小区突然停电",
	 "客户所在小区 3、4、5 栋于今晚 8 点左右突然停电，未收到计划停电通知。"},
	{"repair", "repair.power", "电表显示异常，读数跳变",
	 "客户发现电表读数一天内增加 60 度，家中无大功率电器，怀疑电表故障。"},
	{"repair", "repair.water", "自来水水压不足",
	 "高层住户反映近三天早晚高峰水压很低，热水器无法正常点火。"},
	{"repair", "repair.water", "小区主水管爆裂漏水",
	 "小区东门附近路面冒水，水量较大，已影响车辆通行。"},
	{"repair", "repair.property", "楼道声控灯不亮",
	 "客户所在单元 6 至 10 层楼道灯全部不亮，老人夜间上下楼不安全。"},
	{"repair", "repair.property", "电梯运行异响",
	 "2 号楼电梯运行时有明显异响和抖动，业主担心安全，要求尽快检修。"},
	{"inquiry", "inquiry.product", "咨询 5G 套餐资费和合约优惠",
	 "客户想了解 5G 套餐的月租、流量和合约机优惠，准备下月更换套餐。"},
	{"inquiry", "inquiry.bill", "查询上月电费为何比平时高",
	 "客户上月电费比往常高出一倍，咨询计费明细和阶梯电价的计算方法。"},
	{"inquiry", "inquiry.policy", "咨询阶梯电价和峰谷电价政策",
	 "客户家中新装电动汽车充电桩，咨询峰谷电价是否划算、如何申请。"},
	{"inquiry", "inquiry.bill", "信用卡年费能否减免",
	 "客户的白金卡今年被收取年费 600 元，咨询刷卡达标能否减免。"},
	{"inquiry", "inquiry.product", "咨询车辆首保时间和项目",
	 "客户新车已行驶 4800 公里，咨询首次保养的时间、项目和是否免费。"},
	{"service", "service.open", "申请新装宽带",
	 "客户新房入住，申请办理 1000M 宽带新装，希望周末上门安装。"},
	{"service", "service.change", "申请电表增容",
	 "客户家庭用电负荷增加，申请将电表容量由 5 千瓦增至 10 千瓦。"},
	{"service", "service.change", "变更账单寄送地址",
	 "客户搬家，需将纸质账单寄送地址变更为新住址。"},
	{"service", "service.close", "办理固话销户",
	 "客户家中固定电话已不再使用，申请办理销户并结清费用。"},
	{"service", "service.change", "办理房屋产权过户后的户名变更",
	 "客户购买二手房已完成过户，申请将水电燃气户名变更为本人。"},
	{"suggestion", "suggestion", "建议增加夜间人工客服时段",
	 "客户下班较晚，晚上 9 点后只能使用自助语音，建议延长人工服务时间。"},
	{"suggestion", "suggestion", "建议 App 支持下载电子发票",
	 "客户报销需要发票，目前只能到营业厅打印，建议 App 提供电子发票下载。"},
	{"suggestion", "suggestion", "建议营业厅设立老年人服务专窗",
	 "客户陪父母办理业务时发现老人排队时间长，建议设立绿色通道。"},
	{"event", "event", "报名参加年度客户答谢会",
	 "客户收到邀请短信，报名参加 12 月的客户答谢会，携带家属 1 人。"},
	{"event", "event", "报名参加社区安全用电讲座",
	 "客户所在社区居委会组织报名参加安全用电知识讲座，共 15 人。"},
	{"event", "event", "报名新车型试驾活动",
	 "客户对新款混动 SUV 感兴趣，报名参加本周六的试驾活动。"},
};

static const char *const fault_locations[] = {
	"幸福小区 3 栋 2 单元", "建设路 88 号", "阳光花园 12 栋配电房", "滨江路与解放路交叉口",
	"翠苑新村 7 幢", "高新区科技园 B 座",
};
static const char *const fault_natures[] = {
	"线路老化", "设备故障", "外力破坏", "用户侧故障", "恶劣天气影响",
};
static const char *const resolutions[] = {
	"已核实情况并为客户处理完毕，客户表示认可。",
	"经现场检查，已更换故障设备，恢复正常。",
	"已向客户详细解释政策和计费规则，客户表示理解。",
	"已按客户要求办理完成，相关费用已调整。",
	"已协调相关部门处理，问题已解决，后续将加强巡检。",
};
static const char *const comments[] = {
	"处理及时，很满意", "师傅很专业，服务周到", "还可以", "等的时间有点长", "问题解决了，谢谢",
};
static const char *const channels[] = {"phone", "phone", "phone", "wechat", "web", "app", "visit",
				       "email", "sms"};

/* The demo agents and the supervisor who dispatches for each. */
static const struct {
	const char *agent, *supervisor;
} desks[] = {{"liuyang", "zhangwei"}, {"wangfang", "zhangwei"}, {"chenjie", "lijing"}};

static uint64_t seed = 20261122;

static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(seed >> 33) % n;
}

/* Time limits by priority: first response and resolution. */
static void limits(const char *priority, int64_t *respond, int64_t *resolve)
{
	*respond = !strcmp(priority, "urgent") ? HOUR_MS / 2 : !strcmp(priority, "high") ? 2 * HOUR_MS
		 : !strcmp(priority, "normal") ? 4 * HOUR_MS : 8 * HOUR_MS;
	*resolve = !strcmp(priority, "urgent") ? 4 * HOUR_MS : !strcmp(priority, "high") ? DAY_MS
		 : !strcmp(priority, "normal") ? 3 * DAY_MS : 7 * DAY_MS;
}

/* The state an order of that age ends in: old ones are mostly closed. */
static const char *final_state(int64_t age_ms)
{
	static const char *const recent[] = {"new", "accepted", "dispatched", "in_progress",
					     "in_progress", "waiting", "resolved", "callback",
					     "closed", "closed"};
	unsigned r = rnd(100);

	if (age_ms < 10 * DAY_MS)
		return recent[rnd(sizeof recent / sizeof *recent)];
	return r < 88 ? "closed" : r < 92 ? "callback" : r < 95 ? "resolved"
	     : r < 98 ? "in_progress" : "waiting";
}

struct run {
	const struct principal *agent, *sup;
	int64_t id, gap;
	struct ticket_rec *t;
	struct verr v;
};

/* One move with its fields (stolen), after the clock moved on by a gap. */
static int step(struct run *r, const struct principal *who, const char *to, json_t *fields)
{
	int rc;

	clock_advance(r->gap / 2 + rnd((unsigned)(r->gap / 2000 + 1)) * 1000LL);
	memset(&r->v, 0, sizeof r->v);
	rc = tkt_transition(who, r->id, r->t->version, to, fields, r->t, &r->v);
	json_decref(fields);
	return rc;
}

static int reply(struct run *r, bool internal, const char *body)
{
	struct ticket_comment *c = malloc(sizeof *c);
	int rc = c ? tkt_comment_add(r->agent, r->id, internal, body, c, &r->v) : GX_ENOMEM;

	free(c);
	return rc;
}

/* Walks the order along the loop to the state final. */
static int walk(struct run *r, const char *final, int64_t team)
{
	char restored[CLOCK_RFC3339_LEN];
	int rc = 0;

	if (!strcmp(final, "new"))
		return 0;
	if ((rc = step(r, r->agent, "accepted", NULL)) || !strcmp(final, "accepted"))
		return rc;
	if (rnd(10) < 6 && (rc = reply(r, false, "您好，您反映的问题我们已受理，将尽快安排处理，请保持电话畅通。")))
		return rc;
	if (!strcmp(r->t->type, "complaint") && rnd(3) == 0 &&
	    (rc = reply(r, true, "客户情绪比较激动，回访时注意沟通方式。")))
		return rc;
	if ((rc = step(r, r->sup, "dispatched", json_pack("{s:I,s:I}", "team_id", (json_int_t)team,
			"assignee_id", (json_int_t)r->agent->user_id))) || !strcmp(final, "dispatched"))
		return rc;
	if ((rc = step(r, r->agent, "in_progress", NULL)) || !strcmp(final, "in_progress"))
		return rc;
	if (!strcmp(final, "waiting") || rnd(5) == 0) {
		if ((rc = step(r, r->agent, "waiting", json_pack("{s:s}", "note", "等待客户补充材料或约定时间"))) ||
		    !strcmp(final, "waiting"))
			return rc;
		if ((rc = step(r, r->agent, "in_progress", NULL)))
			return rc;
	}
	clock_rfc3339(clock_now_ms(), restored);
	if ((rc = step(r, r->agent, "resolved", !strcmp(r->t->type, "repair")
			? json_pack("{s:s,s:s}", "resolution", resolutions[rnd(5)], "restored_at", restored)
			: json_pack("{s:s}", "resolution", resolutions[rnd(5)]))) ||
	    !strcmp(final, "resolved"))
		return rc;
	if ((rc = step(r, r->agent, "callback", NULL)) || !strcmp(final, "callback"))
		return rc;
	/* A few customers are not satisfied at first. */
	if (rnd(30) == 0) {
		if ((rc = step(r, r->agent, "in_progress", json_pack("{s:s,s:i}", "note",
				"客户表示问题未彻底解决", "rating", 2))) ||
		    (rc = step(r, r->agent, "resolved", json_pack("{s:s,s:s}", "resolution",
				"再次上门处理，已彻底解决", "restored_at", restored))) ||
		    (rc = step(r, r->agent, "callback", NULL)))
			return rc;
	}
	return step(r, r->agent, "closed", json_pack("{s:i,s:s}", "rating", 5 - (int)rnd(3) / 2 - (rnd(8) == 0),
			"rating_comment", comments[rnd(5)]));
}

static json_t *new_fields(int64_t customer, unsigned pick)
{
	static const char *const priorities[] = {"urgent", "high", "high", "normal", "normal",
						 "normal", "normal", "normal", "low", "low"};
	json_t *f = json_pack("{s:s,s:I,s:s,s:s,s:s,s:s,s:s}", "type", samples[pick].type,
			      "customer_id", (json_int_t)customer, "title", samples[pick].title,
			      "description", samples[pick].description, "category",
			      samples[pick].category, "priority", priorities[rnd(10)], "channel",
			      channels[rnd(sizeof channels / sizeof *channels)]);

	if (!strcmp(samples[pick].type, "repair")) {
		json_object_set_new(f, "fault_location", json_string(fault_locations[rnd(6)]));
		json_object_set_new(f, "fault_nature", json_string(fault_natures[rnd(5)]));
	}
	return f;
}

/* One order, begun age_ms before base and moved back there when done. */
static int one_ticket(const struct principal *sys, struct run *r, int64_t customer, int64_t team,
		      int64_t base, int64_t age_ms)
{
	unsigned pick = rnd(sizeof samples / sizeof *samples);
	const char *final = final_state(age_ms);
	json_t *f = new_fields(customer, pick);
	int64_t started, respond, resolve;
	int rc;

	memset(&r->v, 0, sizeof r->v);
	rc = tkt_create(r->agent, f, r->t, &r->v);
	json_decref(f);
	if (rc != 0)
		return rc;
	r->id = r->t->id;
	started = r->t->created_at;
	/* Time limits, unless the time-limit rules gave some already. */
	if (!r->t->due_resolve_at) {
		limits(r->t->priority, &respond, &resolve);
		if ((rc = tkt_set_deadlines(sys, r->id, started + respond, started + resolve)) != 0 ||
		    (rc = tkt_get(sys, r->id, r->t)) != 0)
			return rc;
	}
	/* The steps share at most four fifths of the order's age. */
	r->gap = age_ms * 4 / 5 / 12;
	if ((rc = walk(r, final, team)) != 0)
		return rc;
	return tkt_shift_history(sys, r->id, started - (base - age_ms));
}

/* The demo user as the operator acting under their name and team. */
static int desk_principal(const struct principal *sys, const char *username, struct principal *out)
{
	struct user_rec *u = malloc(sizeof *u);
	int rc = u ? users_find(sys, username, u) : GX_ENOMEM;

	*out = *sys;
	if (rc == 0) {
		out->user_id = u->id;
		out->team_id = u->team_id;
		snprintf(out->username, sizeof out->username, "%s", u->username);
	}
	free(u);
	return rc;
}

int demo_tickets(const struct principal *sys, int *loaded)
{
	struct principal agents[3], sups[3];
	struct tkt_search any = {.view = "all", .limit = 1};
	struct run r = {0};
	int64_t base = clock_now_ms(), customers = 0;
	char name[CUST_TEXT_LEN];
	int n = 0, rc;

	*loaded = 0;
	if (!(r.t = malloc(sizeof *r.t)))
		return GX_ENOMEM;
	if ((rc = tkt_list(sys, &any, r.t, &n, &r.v)) != 0 || n)
		goto out;
	/* Demo data can simply be made again: no fsync per order. */
	db_fast_load(db_get());
	for (size_t i = 0; i < 3; i++)
		if ((rc = desk_principal(sys, desks[i].agent, &agents[i])) != 0 ||
		    (rc = desk_principal(sys, desks[i].supervisor, &sups[i])) != 0)
			goto out;
	while (customers < 100000 && customers_visible(sys, customers + 1, name, sizeof name) == 0)
		customers++;
	for (int i = 0; i < DEMO_TICKETS && customers; i++) {
		unsigned d = rnd(3);
		int64_t age = (int64_t)DEMO_DAYS * DAY_MS * (DEMO_TICKETS - i) / DEMO_TICKETS +
			      rnd(6 * 3600) * 1000LL;
		r.agent = &agents[d];
		r.sup = &sups[d];
		if ((rc = one_ticket(sys, &r, 1 + rnd((unsigned)customers), agents[d].team_id, base,
				     age)) != 0) {
			fprintf(stderr, "guanxi demo: work order %d: %s %s\n", i + 1,
				r.v.n ? r.v.item[0].field : "", r.v.n ? r.v.item[0].message
								       : gx_strerror(rc));
			goto out;
		}
		(*loaded)++;
	}
out:
	free(r.t);
	return rc;
}
