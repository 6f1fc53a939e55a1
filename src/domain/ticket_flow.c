#include "domain/ticket_flow.h"

#include <string.h>

#define W PERM_TICKET_WRITE
#define A PERM_TICKET_ASSIGN
#define C PERM_TICKET_CLOSE
/* What a dispatch may say about the repair it sends out. */
#define TF_DISPATCH (TF_NOTE | TF_TARGET | TF_FAULT | TF_REPAIR_TEAM)

/* A repair order goes out only once fault location and nature decide its
 * handling, and is resolved only with its restoration time (SVC-2). Closing
 * early (duplicate, withdrawn) needs a reason; closing after the callback
 * needs the customer's rating; reopening needs the reason. */
static const struct tkt_move moves[] = {
	{"new", "accepted", "accept", W, 0, TF_NOTE, 0, "受理"},
	{"new", "dispatched", "dispatch", A, TF_TARGET, TF_DISPATCH, TF_FAULT, "派单"},
	{"new", "closed", "close", C, TF_NOTE, TF_NOTE, 0, "关闭"},
	{"accepted", "dispatched", "dispatch", A, TF_TARGET, TF_DISPATCH, TF_FAULT, "派单"},
	{"accepted", "in_progress", "start", W, 0, TF_NOTE | TF_FAULT, 0, "自行处理"},
	{"accepted", "closed", "close", C, TF_NOTE, TF_NOTE, 0, "关闭"},
	{"dispatched", "in_progress", "start", W, 0, TF_NOTE | TF_FAULT, 0, "开始处理"},
	{"dispatched", "dispatched", "dispatch", A, TF_TARGET, TF_DISPATCH, TF_FAULT, "改派"},
	{"dispatched", "closed", "close", C, TF_NOTE, TF_NOTE, 0, "关闭"},
	{"in_progress", "waiting", "wait", W, TF_NOTE, TF_NOTE, 0, "等待客户"},
	{"in_progress", "resolved", "resolve", W, TF_RESOLUTION,
	 TF_NOTE | TF_RESOLUTION | TF_RESTORED | TF_FAULT, TF_RESTORED, "办结"},
	{"in_progress", "dispatched", "dispatch", A, TF_TARGET, TF_DISPATCH, TF_FAULT, "转派"},
	{"in_progress", "closed", "close", C, TF_NOTE, TF_NOTE, 0, "关闭"},
	{"waiting", "in_progress", "resume", W, 0, TF_NOTE, 0, "继续处理"},
	{"waiting", "resolved", "resolve", W, TF_RESOLUTION,
	 TF_NOTE | TF_RESOLUTION | TF_RESTORED | TF_FAULT, TF_RESTORED, "办结"},
	{"waiting", "closed", "close", C, TF_NOTE, TF_NOTE, 0, "关闭"},
	{"resolved", "callback", "callback", W, 0, TF_NOTE | TF_NOTIFIED, 0, "回访"},
	{"resolved", "closed", "close", C, TF_NOTE, TF_NOTE, 0, "不回访关闭"},
	{"callback", "closed", "close", C, TF_RATING, TF_NOTE | TF_RATING, 0, "确认关闭"},
	{"callback", "in_progress", "reopen", W, TF_NOTE, TF_NOTE | TF_RATING, 0, "不满意重办"},
	{"callback", "dispatched", "reopen", A, TF_NOTE | TF_TARGET,
	 TF_NOTE | TF_RATING | TF_TARGET, 0, "不满意重新派单"},
	{"closed", "in_progress", "reopen", W, TF_NOTE, TF_NOTE | TF_RATING, 0, "重开"},
	{"closed", "dispatched", "reopen", A, TF_NOTE | TF_TARGET,
	 TF_NOTE | TF_RATING | TF_TARGET, 0, "重开并派单"},
};

static const struct {
	const char *name, *label;
} states[] = {
	{"new", "新建"},          {"accepted", "已受理"},   {"dispatched", "已派单"},
	{"in_progress", "处理中"}, {"waiting", "等待客户"}, {"resolved", "已办结"},
	{"callback", "回访中"},    {"closed", "已关闭"},
};

const struct tkt_move *tkt_flow_find(const char *from, const char *to)
{
	for (size_t i = 0; i < sizeof moves / sizeof *moves; i++)
		if (!strcmp(moves[i].from, from) && !strcmp(moves[i].to, to))
			return &moves[i];
	return NULL;
}

const struct tkt_move *tkt_flow_at(size_t i)
{
	return i < sizeof moves / sizeof *moves ? &moves[i] : NULL;
}

bool tkt_state_valid(const char *s)
{
	return s && tkt_state_label(s)[0];
}

const char *tkt_state_label(const char *s)
{
	for (size_t i = 0; s && i < sizeof states / sizeof *states; i++)
		if (!strcmp(states[i].name, s))
			return states[i].label;
	return "";
}

const char *const *tkt_flow_field_names(enum tkt_fields f)
{
	static const char *const note[] = {"note", NULL};
	static const char *const target[] = {"team_id", "assignee_id", NULL};
	static const char *const resolution[] = {"resolution", NULL};
	static const char *const rating[] = {"rating", "rating_comment", NULL};
	static const char *const fault[] = {"fault_location", "fault_nature", NULL};
	static const char *const repair_team[] = {"repair_team_id", NULL};
	static const char *const restored[] = {"restored_at", NULL};
	static const char *const notified[] = {"customer_notified_at", NULL};
	static const char *const none[] = {NULL};

	switch (f) {
	case TF_NOTE: return note;
	case TF_TARGET: return target;
	case TF_RESOLUTION: return resolution;
	case TF_RATING: return rating;
	case TF_FAULT: return fault;
	case TF_REPAIR_TEAM: return repair_team;
	case TF_RESTORED: return restored;
	case TF_NOTIFIED: return notified;
	}
	return none;
}
