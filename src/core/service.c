/*
 * STUB: session service.
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

#include <string.h>
#include "service.h"
void service_reply_clear(struct service_reply *reply) { memset(reply, 0, sizeof(*reply)); }
struct service *service_new(const struct core_env *env, const struct service_listener *listener) { (void)env; (void)listener; return NULL; }
void service_free(struct service *service) { (void)service; }
enum core_status service_call(struct service *service, const struct service_request *request, struct service_reply *reply)
{ (void)service; (void)request; memset(reply, 0, sizeof(*reply)); return reply->status = CORE_E_NOT_IMPLEMENTED; }
unsigned int service_session_count(const struct service *service) { (void)service; return 0; }
