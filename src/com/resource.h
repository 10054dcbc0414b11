/*
 * Resource identifiers of msgsc.dll (msgsc.rc.in).
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

#ifndef MSGSC_RESOURCE_H
#define MSGSC_RESOURCE_H

/* The description of core status s is string IDS_STATUS(s); the core's
 * statuses run from about -100 to 1 (core/status.h). */
#define IDS_STATUS_BASE 1200
#define IDS_STATUS(s)   (IDS_STATUS_BASE + (s))

/* Descriptions of the COM layer's own checks, in the string table beside
 * the core's. */
#define IDS_NULL_OUT_POINTER           100
#define IDS_NULL_STATUS_POINTER        101
#define IDS_LOCK_NOT_INITIALIZED       110
#define IDS_LOCK_NO_CHALLENGE          111
#define IDS_LOCK_PENDING               112
#define IDS_LOCK_ALREADY_UNLOCKED      113
#define IDS_LOCK_UNLOCK_FAILED         114
#define IDS_LOCK_DISABLED              115
#define IDS_LOCK_WRONG_COOKIE          116
#define IDS_LOCK_EMPTY_RESPONSE        117
#define IDS_LOCK_API_LOCKED            118
#define IDS_CONTACT_BLOCK_SIGNED_OUT   120
#define IDS_CONTACT_BAD_PHONE_TYPE     121
#define IDS_CONTACT_NO_PHONE_NUMBER    122
#define IDS_CONTACT_BAD_PROPERTY       123
#define IDS_CONTACT_READ_ONLY          124
#define IDS_INVITE_NO_CONTACT          130
#define IDS_INVITE_NOT_A_CONTACT       131
#define IDS_INVITE_SIGNIN_EMPTY        132
#define IDS_INVITE_SIGNIN_NUL          133
#define IDS_INVITE_SIGNIN_NOT_UNICODE  134
#define IDS_INVITE_SIGNIN_UNREADABLE   135
#define IDS_INVITE_SIGNIN_PROPERTY     136
#define IDS_INVITE_SIGNIN_NOT_A_STRING 137
#define IDS_APPS_BAD_INDEX             140
#define IDS_APPS_INDEX_OUT_OF_RANGE    141

#endif
