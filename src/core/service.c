/*
 * The session service: sessions by handle, requests by value, events to one listener.
 *
 * Copyright 2026 the msgsc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * This library is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public
 * License along with this library; if not, write to the Free Software
 * Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA
 */

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "service.h"

/* Sessions are named by 64-bit handles: the slot index in the low half and
 * a generation count in the high half, so a stale handle from a released
 * session never reaches a new one. */

struct slot
{
    struct service *service;
    struct core_session *session; /* NULL when the slot is free */
    uint32_t generation;
    uint32_t refs;
    uint32_t index;
    uint32_t next_free;
    uint64_t deadline; /* 0 when the session is not waiting for anything */
    uint32_t id_next;  /* next slot in the same SessionID bucket, UINT32_MAX ends */
    uint32_t id_hash;
    int indexed;
    uint32_t launched_pid; /* the process the agent launched for it, or 0 */
};

struct service
{
    struct core_env env; /* the host's, with emit routed to the listener */
    const struct service_listener *listener;
    struct slot **slots;
    uint32_t slot_count;
    uint32_t slot_capacity;
    uint32_t free_head; /* UINT32_MAX when no slot is free */
    unsigned int live;
    uint32_t invitation_ms, accepted_ms;
    uint64_t next_deadline; /* no slot's deadline is earlier */
    /* Sessions by SessionID, so that a message from the network finds its
     * session without a scan: 2^id_bucket_bits chains of slot indexes
     * (none while id_bucket_bits is 0). */
    uint32_t *id_buckets;
    unsigned int id_bucket_bits;
};

static uint64_t slot_handle(const struct slot *slot)
{
    return ((uint64_t)slot->generation << 32) | slot->index;
}

static struct slot *find_slot(const struct service *service, uint64_t handle)
{
    uint32_t index = (uint32_t)handle;
    struct slot *slot;

    if (index >= service->slot_count) return NULL;
    slot = service->slots[index];
    if (!slot->session || slot->generation != (uint32_t)(handle >> 32)) return NULL;
    return slot;
}

static struct slot *alloc_slot(struct service *service)
{
    struct slot *slot;

    if (service->free_head != UINT32_MAX)
    {
        slot = service->slots[service->free_head];
        service->free_head = slot->next_free;
        return slot;
    }
    if (service->slot_count == UINT32_MAX - 1) return NULL;
    if (service->slot_count == service->slot_capacity)
    {
        uint32_t capacity = service->slot_capacity ? service->slot_capacity * 2 : 16;
        struct slot **slots = realloc(service->slots, capacity * sizeof(*slots));

        if (!slots) return NULL;
        service->slots = slots;
        service->slot_capacity = capacity;
    }
    if (!(slot = calloc(1, sizeof(*slot)))) return NULL;
    slot->service = service;
    slot->generation = 1; /* so that no handle is 0, which hosts may use as "none" */
    slot->index = service->slot_count;
    service->slots[service->slot_count++] = slot;
    return slot;
}

/* SessionIDs compare without case: peers may spell the hex digits either
 * way.  FNV-1a of the upper-case text; core_hash_bucket spreads it. */
static uint32_t hash_id(const char *id)
{
    uint32_t hash = 2166136261u;

    for (; *id; id++)
        hash = (hash ^ (unsigned char)core_ascii_upper((unsigned char)*id)) * 16777619u;
    return hash;
}

static int same_id(const char *a, const char *b)
{
    return core_ascii_equal_n(a, strlen(a), b, strlen(b));
}

static uint32_t *id_bucket(const struct service *service, uint32_t hash)
{
    return &service->id_buckets[core_hash_bucket(hash, service->id_bucket_bits)];
}

static void index_insert(struct service *service, struct slot *slot)
{
    uint32_t *bucket = id_bucket(service, slot->id_hash);

    slot->id_next = *bucket;
    *bucket = slot->index;
    slot->indexed = 1;
}

/* Keeps the buckets at least as many as the live sessions; 0 when out of
 * memory (the session is then refused). */
static int index_add(struct service *service, struct slot *slot)
{
    slot->id_hash = hash_id(core_session_id(slot->session));
    if (!service->id_bucket_bits || service->live >= (size_t)1 << service->id_bucket_bits)
    {
        unsigned int bits = service->id_bucket_bits ? service->id_bucket_bits + 1 : 6;
        size_t count = (size_t)1 << bits, i;
        uint32_t *buckets = malloc(count * sizeof(*buckets));

        if (!buckets) return 0;
        free(service->id_buckets);
        service->id_buckets = buckets;
        service->id_bucket_bits = bits;
        for (i = 0; i < count; i++)
            buckets[i] = UINT32_MAX;
        for (i = 0; i < service->slot_count; i++)
            if (service->slots[i]->indexed) index_insert(service, service->slots[i]);
    }
    index_insert(service, slot);
    return 1;
}

static void index_remove(struct service *service, struct slot *slot)
{
    uint32_t *link = id_bucket(service, slot->id_hash);

    while (*link != UINT32_MAX && *link != slot->index)
        link = &service->slots[*link]->id_next;
    if (*link == slot->index) *link = slot->id_next;
    slot->indexed = 0;
}

static void free_slot(struct service *service, struct slot *slot)
{
    if (slot->indexed) index_remove(service, slot);
    slot->session = NULL;
    slot->refs = 0;
    slot->deadline = 0;
    if (!++slot->generation) slot->generation = 1;
    slot->next_free = service->free_head;
    service->free_head = slot->index;
}

/* Arms or disarms the slot's timeout for the state it has just entered. */
static void update_deadline(struct service *service, struct slot *slot, enum core_state state)
{
    uint32_t timeout = 0;

    if (state == CORE_STATE_INVITATION) timeout = service->invitation_ms;
    if (state == CORE_STATE_ACCEPTED) timeout = service->accepted_ms;
    slot->deadline = timeout && service->env.now_ms ? service->env.now_ms(service->env.ctx) + timeout : 0;
    if (slot->deadline && slot->deadline < service->next_deadline) service->next_deadline = slot->deadline;
}

static void service_emit(void *ctx, struct core_session *session, const struct core_event *event)
{
    struct slot *slot = core_session_owner(session);
    struct service *service = slot->service;
    const struct service_listener *listener = service->listener;
    struct core_event copy = *event;

    (void)ctx;
    copy.state = core_session_state(session);
    if (event->type == CORE_EVENT_STATE_CHANGED) update_deadline(service, slot, copy.state);
    if (listener->session_event) listener->session_event(listener->ctx, slot_handle(slot), &copy);
}

void service_reply_clear(struct service_reply *reply)
{
    struct service_snapshot *snapshot = &reply->snapshot;

#define CLEAR_STATE(name)
#define CLEAR_FLAGS(name)
#define CLEAR_STATUS(name)
#define CLEAR_STRING(name) free(snapshot->name);
#define XX(kind, name)     CLEAR_##kind(name)
    SERVICE_SNAPSHOT_FIELDS(XX)
#undef XX
    memset(reply, 0, sizeof(*reply));
}

enum core_status service_snapshot_string(const struct service_snapshot *snapshot,
                                         enum service_snapshot_string which, const char **value)
{
    enum core_status status = CORE_OK;

    /* Walks the list in order, so that each string sees the status above it. */
#define PICK_STATE(name)
#define PICK_FLAGS(name)
#define PICK_STATUS(name) status = snapshot->name;
#define PICK_STRING(name)                                                                                    \
    if (which == SERVICE_STRING_##name)                                                                      \
    {                                                                                                        \
        *value = snapshot->name ? snapshot->name : "";                                                       \
        return status;                                                                                       \
    }
#define XX(kind, name) PICK_##kind(name)
    SERVICE_SNAPSHOT_FIELDS(XX)
#undef XX
    *value = "";
    return CORE_E_INVALIDARG;
}

struct service *service_new(const struct core_env *env, const struct service_listener *listener)
{
    struct service *service = calloc(1, sizeof(*service));

    if (!service) return NULL;
    service->env = *env;
    service->env.emit = service_emit;
    service->listener = listener;
    service->free_head = UINT32_MAX;
    service->next_deadline = UINT64_MAX;
    return service;
}

void service_set_timeouts(struct service *service, uint32_t invitation_ms, uint32_t accepted_ms)
{
    service->invitation_ms = invitation_ms;
    service->accepted_ms = accepted_ms;
}

uint64_t service_expire(struct service *service, uint64_t now_ms)
{
    uint64_t next = UINT64_MAX;
    uint32_t i;

    if (now_ms < service->next_deadline) return service->next_deadline;
    /* Timing out emits events, which may arm other deadlines: recompute
     * the earliest from scratch afterwards. */
    service->next_deadline = UINT64_MAX;
    for (i = 0; i < service->slot_count; i++)
    {
        struct slot *slot = service->slots[i];

        if (!slot->session || !slot->deadline || slot->deadline > now_ms) continue;
        slot->deadline = 0;
        core_session_on_timeout(slot->session);
    }
    for (i = 0; i < service->slot_count; i++)
    {
        struct slot *slot = service->slots[i];

        if (slot->session && slot->deadline && slot->deadline < next) next = slot->deadline;
    }
    service->next_deadline = next;
    return next;
}

void service_free(struct service *service)
{
    uint32_t i;

    if (!service) return;
    for (i = 0; i < service->slot_count; i++)
    {
        core_session_free(service->slots[i]->session);
        free(service->slots[i]);
    }
    free(service->slots);
    free(service->id_buckets);
    free(service);
}

unsigned int service_session_count(const struct service *service)
{
    return service->live;
}

/* Gives session a slot with one reference; frees the session on failure. */
static enum core_status adopt_session(struct service *service, struct slot *slot,
                                      struct core_session *session, uint64_t *handle)
{
    if (!session)
    {
        free_slot(service, slot);
        return CORE_E_OUTOFMEMORY;
    }
    slot->session = session;
    if (!index_add(service, slot))
    {
        core_session_free(session);
        free_slot(service, slot);
        return CORE_E_OUTOFMEMORY;
    }
    slot->refs = 1;
    service->live++;
    *handle = slot_handle(slot);
    return CORE_OK;
}

static char *copy_string(const char *str)
{
    size_t len = strlen(str) + 1;
    char *copy = malloc(len);

    if (copy) memcpy(copy, str, len);
    return copy;
}

static enum core_status take_snapshot(const struct core_session *session, struct service_snapshot *snapshot)
{
    struct core_app_info info = {0};
    const char *text;

    snapshot->state = core_session_state(session);
    snapshot->flags = core_session_flags(session);
    snapshot->session_id = copy_string(core_session_id(session));
    snapshot->local_address = copy_string(core_session_local_address(session));
    snapshot->application_status = core_session_application(session, &text);
    snapshot->application = copy_string(text);
    if (core_session_app_info(session, &info) == CORE_OK)
    {
        snapshot->app_name = info.name;
        snapshot->app_url = info.url;
        info.name = info.url = NULL;
        core_app_info_clear(&info);
    }
    else
    {
        snapshot->app_name = copy_string("");
        snapshot->app_url = copy_string("");
    }
    snapshot->remote_address_status = core_session_remote_address(session, &text);
    snapshot->remote_address = copy_string(text);
    snapshot->context_data_status = core_session_context_data(session, &text);
    snapshot->context_data = copy_string(text);
    snapshot->user_status = core_session_user(session, &text);
    snapshot->user = copy_string(text);

#define FILLED_STATE(name)
#define FILLED_FLAGS(name)
#define FILLED_STATUS(name)
#define FILLED_STRING(name)                                                                                  \
    if (!snapshot->name) return CORE_E_OUTOFMEMORY;
#define XX(kind, name) FILLED_##kind(name)
    SERVICE_SNAPSHOT_FIELDS(XX)
#undef XX
    return CORE_OK;
}

static enum core_status call_session(struct service *service, const struct service_request *request,
                                     struct service_reply *reply)
{
    struct slot *slot = find_slot(service, request->session);
    const char *text = request->text ? request->text : "";
    const char *data = request->data ? request->data : "";
    enum core_state state;

    if (!slot) return CORE_E_NOT_FOUND;
    switch (request->op)
    {
    case SERVICE_OP_ADDREF_SESSION:
        if (slot->refs == UINT32_MAX) return CORE_E_FAIL;
        slot->refs++;
        return CORE_OK;
    case SERVICE_OP_RELEASE_SESSION:
        if (--slot->refs) return CORE_OK;
        /* Nobody can answer or end this session any more: the peer is told
         * now rather than left waiting (Cancel(S_OK), which it sees as
         * SR_CANCEL_BEFORE_CONNECT or SR_SESSION_CANCELLED_REMOTE). */
        state = core_session_state(slot->session);
        if (state != CORE_STATE_READY && !core_state_is_final(state))
            core_session_cancel(slot->session, 0, "");
        core_session_free(slot->session);
        free_slot(service, slot);
        service->live--;
        return CORE_OK;
    case SERVICE_OP_SNAPSHOT: return take_snapshot(slot->session, &reply->snapshot);
    case SERVICE_OP_PUT_APPLICATION: return core_session_put_application(slot->session, text);
    case SERVICE_OP_PUT_LOCAL_ADDRESS: return core_session_put_local_address(slot->session, text);
    case SERVICE_OP_INVITE: return core_session_invite(slot->session, text, data);
    case SERVICE_OP_ACCEPT: return core_session_accept(slot->session, data);
    case SERVICE_OP_DECLINE: return core_session_decline(slot->session, data);
    case SERVICE_OP_CANCEL: return core_session_cancel(slot->session, request->number, data);
    case SERVICE_OP_SEND_CONTEXT_DATA: return core_session_send_context_data(slot->session, data);
    default: return CORE_E_INVALIDARG;
    }
}

int service_op_has_reply(enum service_op op)
{
    switch (op)
    {
    case SERVICE_OP_ADDREF_SESSION:
    case SERVICE_OP_RELEASE_SESSION:
    case SERVICE_OP_INVITATION_ANSWER:
    case SERVICE_OP_LAUNCH_ANSWER: return 0;
    default: return 1;
    }
}

/* GetLaunchingSession: the live session the agent launched process_id
 * for, with one more reference.  A scan: launches are rare. */
static enum core_status launching_session(struct service *service, uint32_t process_id, uint64_t *handle)
{
    uint32_t i;

    if (!process_id) return CORE_E_NOT_FOUND;
    for (i = 0; i < service->slot_count; i++)
    {
        struct slot *slot = service->slots[i];

        if (!slot->session || slot->launched_pid != process_id) continue;
        if (slot->refs == UINT32_MAX) return CORE_E_OUTOFMEMORY;
        slot->refs++;
        *handle = slot_handle(slot);
        return CORE_OK;
    }
    return CORE_E_NOT_FOUND;
}

enum core_status service_set_launched(struct service *service, uint64_t handle, uint32_t process_id)
{
    struct slot *slot = find_slot(service, handle);

    if (!slot) return CORE_E_NOT_FOUND;
    slot->launched_pid = process_id;
    return CORE_OK;
}

enum core_status service_launch_failed(struct service *service, uint64_t handle)
{
    struct slot *slot = find_slot(service, handle);

    if (!slot) return CORE_E_NOT_FOUND;
    return core_session_launch_failed(slot->session);
}

enum core_status service_call(struct service *service, const struct service_request *request,
                              struct service_reply *reply)
{
    char guid[CORE_GUID_CHARS + 1];
    struct slot *slot;

    memset(reply, 0, sizeof(*reply));
    switch (request->op)
    {
    case SERVICE_OP_CREATE_SESSION:
        if (!(slot = alloc_slot(service))) return reply->status = CORE_E_OUTOFMEMORY;
        reply->status = adopt_session(service, slot, core_session_new(&service->env, slot), &reply->session);
        break;
    case SERVICE_OP_LAUNCHING_SESSION:
        reply->status = launching_session(service, (uint32_t)request->number, &reply->session);
        break;
    case SERVICE_OP_INVITATION_ANSWER:
    case SERVICE_OP_LAUNCH_ANSWER:
        /* Only an agent asks; in process nobody waits for the answer. */
        reply->status = CORE_OK;
        break;
    case SERVICE_OP_HAND_OVER:
    case SERVICE_OP_AGENT:
        /* Only the agent (the broker) does these. */
        reply->status = CORE_E_FAIL;
        break;
    case SERVICE_OP_APP_CHANGED:
        /* Every process hears of it: only a GUID goes out. */
        if ((reply->status = core_guid_normalize(request->text, guid)) < 0) break;
        if (service->listener->app_changed)
            service->listener->app_changed(service->listener->ctx, guid, request->number != 0);
        break;
    default:
        if ((unsigned int)request->op >= SERVICE_OP_COUNT)
            reply->status = CORE_E_INVALIDARG;
        else
            reply->status = call_session(service, request, reply);
        break;
    }
    if (reply->status < 0 && request->op == SERVICE_OP_SNAPSHOT)
    {
        enum core_status status = reply->status;

        service_reply_clear(reply);
        reply->status = status;
    }
    return reply->status;
}

/* Finds the session a message from the network belongs to: the same
 * SessionID with the same peer; for a message without a Session-ID (other
 * clients omit it in some CANCELs), the same cookie with the same peer
 * (wire spec 4.4). */
static struct slot *find_by_message(const struct service *service, const struct core_message *msg)
{
    const char *id = msg->session_id ? msg->session_id : "", *user;
    uint32_t i;

    if (id[0] && service->id_bucket_bits)
    {
        for (i = *id_bucket(service, hash_id(id)); i != UINT32_MAX; i = service->slots[i]->id_next)
        {
            struct slot *slot = service->slots[i];

            if (same_id(core_session_id(slot->session), id) &&
                core_session_user(slot->session, &user) == CORE_OK && core_signin_equal(user, msg->peer))
                return slot;
        }
        return NULL;
    }
    if (id[0] || !msg->cookie) return NULL;
    for (i = 0; i < service->slot_count; i++)
    {
        struct slot *slot = service->slots[i];

        if (slot->session && core_session_cookie(slot->session) == msg->cookie &&
            core_session_user(slot->session, &user) == CORE_OK && core_signin_equal(user, msg->peer))
            return slot;
    }
    return NULL;
}

enum core_status service_receive(struct service *service, const struct core_message *msg)
{
    struct slot *slot;
    uint64_t handle;
    enum core_status status;

    if (msg->type != CORE_MESSAGE_INVITE)
    {
        if (!(slot = find_by_message(service, msg))) return CORE_E_NOT_FOUND;
        return core_session_on_message(slot->session, msg);
    }
    /* A repeated invitation for a live session goes to that session, which
     * drops it (wire spec 4.4: a cookie that is live is not invited again). */
    if ((slot = find_by_message(service, msg))) return core_session_on_message(slot->session, msg);
    if (!(slot = alloc_slot(service))) return CORE_E_OUTOFMEMORY;
    if ((status = adopt_session(service, slot, core_session_new_invitee(&service->env, slot, msg), &handle)) <
        0)
        return CORE_E_PROTOCOL_ERROR;
    /* E9: the invitee's own wait for its user's answer. */
    update_deadline(service, slot, CORE_STATE_INVITATION);
    if (service->listener->invitation)
        service->listener->invitation(service->listener->ctx, handle, msg->data ? msg->data : "");
    else
        call_session(service, &(struct service_request){SERVICE_OP_RELEASE_SESSION, handle, 0, NULL, NULL},
                     NULL);
    return CORE_OK;
}

void service_send_failed(struct service *service, const struct core_message *msg)
{
    struct slot *slot = find_by_message(service, msg);

    if (slot) core_session_on_send_failed(slot->session, msg->type);
}

static int slot_is_live(const struct slot *slot)
{
    enum core_state state;

    if (!slot || !slot->session) return 0;
    state = core_session_state(slot->session);
    return state != CORE_STATE_READY && !core_state_is_final(state);
}

unsigned int service_connection_lost(struct service *service, const char *peer, enum core_status reason)
{
    unsigned int ended = 0;
    uint32_t i;

    for (i = 0; i < service->slot_count; i++)
    {
        struct slot *slot = service->slots[i];
        const char *user;

        if (!slot_is_live(slot) || core_session_user(slot->session, &user) != CORE_OK ||
            !core_signin_equal(user, peer))
            continue;
        core_session_on_connection_lost(slot->session, reason);
        ended++;
    }
    return ended;
}

enum core_status service_session_lost(struct service *service, const struct core_message *msg,
                                      enum core_status reason)
{
    struct slot *slot = find_by_message(service, msg);

    if (!slot_is_live(slot)) return CORE_E_NOT_FOUND;
    core_session_on_connection_lost(slot->session, reason);
    return CORE_OK;
}

int service_is_live(const struct service *service, const struct core_message *msg)
{
    return slot_is_live(find_by_message(service, msg));
}

unsigned int service_peer_sessions(const struct service *service, const char *peer, unsigned int *pending)
{
    unsigned int live = 0, waiting = 0;
    uint32_t i;

    for (i = 0; i < service->slot_count; i++)
    {
        struct slot *slot = service->slots[i];
        enum core_state state;
        const char *user;

        if (!slot->session) continue;
        state = core_session_state(slot->session);
        if (state == CORE_STATE_READY || core_state_is_final(state) ||
            core_session_user(slot->session, &user) != CORE_OK || !core_signin_equal(user, peer))
            continue;
        live++;
        if (state == CORE_STATE_INVITATION && (core_session_flags(slot->session) & CORE_FLAG_INVITEE))
            waiting++;
    }
    if (pending) *pending = waiting;
    return live;
}

int service_is_new_invitation(const struct service *service, const struct core_message *msg)
{
    return msg->type == CORE_MESSAGE_INVITE && !find_by_message(service, msg);
}
