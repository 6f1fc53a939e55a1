#include "lib/evt.h"
#include "lib/log.h"

#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t hub_lock = PTHREAD_MUTEX_INITIALIZER;
static struct evt_sub *head;
static int count;
static atomic_bool stopped;

void evt_sub_init(struct evt_sub *s, int64_t user_id, void (*wake)(struct evt_sub *),
		  void (*release)(struct evt_sub *))
{
	s->user_id = user_id;
	s->wake = wake;
	s->release = release;
	atomic_init(&s->refs, 1);
	s->listed = false;
	s->prev = s->next = NULL;
}

bool evt_subscribe(struct evt_sub *s, int max)
{
	bool ok;

	pthread_mutex_lock(&hub_lock);
	ok = !atomic_load(&stopped) && count < max && !s->listed;
	if (ok) {
		s->prev = NULL;
		s->next = head;
		if (head)
			head->prev = s;
		head = s;
		s->listed = true;
		count++;
	}
	pthread_mutex_unlock(&hub_lock);
	return ok;
}

void evt_unsubscribe(struct evt_sub *s)
{
	pthread_mutex_lock(&hub_lock);
	if (s->listed) {
		if (s->prev)
			s->prev->next = s->next;
		else
			head = s->next;
		if (s->next)
			s->next->prev = s->prev;
		s->listed = false;
		count--;
	}
	pthread_mutex_unlock(&hub_lock);
}

void evt_put(struct evt_sub *s)
{
	if (atomic_fetch_sub(&s->refs, 1) == 1)
		s->release(s);
}

/* Wakes the chosen subscriptions outside the lock, each held by a
 * reference taken under it, so none is freed while it is being woken. */
static void wake_chosen(bool (*pick)(const struct evt_sub *, void *), void *arg)
{
	struct evt_sub **chosen;
	int n = 0;

	pthread_mutex_lock(&hub_lock);
	chosen = count ? malloc((size_t)count * sizeof *chosen) : NULL;
	if (!chosen && count)
		log_error("evt_wake_failed", "{s:s}", "error", "out of memory");
	for (struct evt_sub *s = head; chosen && s; s = s->next) {
		if (!pick(s, arg))
			continue;
		atomic_fetch_add(&s->refs, 1);
		chosen[n++] = s;
	}
	pthread_mutex_unlock(&hub_lock);
	for (int i = 0; i < n; i++) {
		chosen[i]->wake(chosen[i]);
		evt_put(chosen[i]);
	}
	free(chosen);
}

static bool pick_user(const struct evt_sub *s, void *arg)
{
	return s->user_id == *(const int64_t *)arg;
}

static bool pick_all(const struct evt_sub *s, void *arg)
{
	(void)s;
	(void)arg;
	return true;
}

void evt_publish(int64_t user_id)
{
	wake_chosen(pick_user, &user_id);
}

void evt_wake_if(bool (*pick)(const struct evt_sub *s, void *arg), void *arg)
{
	wake_chosen(pick, arg);
}

void evt_stop(void)
{
	atomic_store(&stopped, true);
	wake_chosen(pick_all, NULL);
}

bool evt_stopped(void)
{
	return atomic_load(&stopped);
}

int evt_count(void)
{
	int n;

	pthread_mutex_lock(&hub_lock);
	n = count;
	pthread_mutex_unlock(&hub_lock);
	return n;
}
