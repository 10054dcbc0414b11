/*
 * Status codes of the portable core, with the text users read.
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

#ifndef MSGSC_CORE_STATUS_H
#define MSGSC_CORE_STATUS_H

/* The core reports negative values for failures (libuv style).  The COM
 * layer maps each to its documented HRESULT in exactly one table, and the
 * texts here become msgsc.dll's string table, the IErrorInfo descriptions. */
#define CORE_STATUS_MAP(XX)                                                                                  \
    XX(OK, 0, "The operation succeeded.")                                                                    \
    XX(S_FALSE, 1, "The value is not available yet.")                                                        \
    XX(E_INVALIDARG, -1, "An argument is not valid.")                                                        \
    XX(E_OUTOFMEMORY, -2, "Out of memory.")                                                                  \
    XX(E_TOO_LONG, -3, "The string is longer than the documented limit.")                                    \
    XX(E_FAIL, -4, "The operation failed.")                                                                  \
    XX(E_BAD_GUID, -5, "The application GUID is not of the form {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}.")    \
    XX(E_BAD_ADDRESS, -6, "The address is not an IPv4 or IPv6 address.")                                     \
    XX(E_BAD_SIGNIN, -7, "The contact has no valid sign-in name.")                                           \
    XX(E_DATA_TOO_LONG, -8, "The application data is longer than 512 bytes.")                                \
    XX(E_BAD_FLAGS, -9, "The flags argument must be 0.")                                                     \
    XX(E_SESSION_NOT_READY, -10, "The session is not in the ready state.")                                   \
    XX(E_APP_NOT_SPECIFIED, -11, "No application has been set on the session.")                              \
    XX(E_APP_NOT_REGISTERED, -12, "The application is not registered.")                                      \
    XX(E_APP_ALREADY_REGISTERED, -13, "The application is already registered.")                              \
    XX(E_NOT_INVITEE, -14, "Only the invited party can do this.")                                            \
    XX(E_NOT_INVITER, -15, "Only the inviting party can do this.")                                           \
    XX(E_STATE_INVALID, -16, "The call is not valid in the session's current state.")                        \
    XX(E_CONTEXT_DATA_OVER_LIMIT, -17, "Too much context data: at most 300 characters, five times.")         \
    XX(E_NO_USER_INVITED, -18, "Nobody has been invited to this session yet.")                               \
    XX(E_INVITED_SELF, -19, "You cannot invite yourself.")                                                   \
    XX(E_NOT_LOGGED_ON, -20, "Not signed in: there is no transport to reach the contact.")                   \
    XX(E_REGISTRY_WRITE, -21, "The registry could not be written.")                                          \
    XX(E_NOT_FOUND, -22, "No such session.")                                                                 \
    XX(E_CANCELLED_LOCAL, -23, "The session was cancelled here.")                                            \
    XX(E_CANCELLED_REMOTE, -24, "The session was cancelled by the other party.")                             \
    XX(E_CANCEL_BEFORE_CONNECT, -25, "The session was cancelled before it connected.")                       \
    XX(E_DECLINED, -26, "The invitation was declined.")                                                      \
    XX(E_TIMEOUT, -27, "The session timed out.")                                                             \
    XX(E_CONNECTION_FAILURE, -28, "The connection to the other party failed.")                               \
    XX(E_DISCONNECTED, -29, "Signed out or disconnected.")                                                   \
    XX(E_PROTOCOL_ERROR, -30, "The other party sent a malformed or unexpected message.")                     \
    XX(E_LAUNCH_FAILED, -31, "The application could not be started.")                                        \
    XX(E_INVITATION_SEND_FAILURE, -32, "The invitation could not be sent.")                                  \
    XX(E_ACCEPT_SEND_FAILURE, -33, "The acceptance could not be sent.")                                      \
    XX(E_DECLINE_SEND_FAILURE, -34, "The decline could not be sent.")                                        \
    XX(E_CANCEL_SEND_FAILURE, -35, "The cancellation could not be sent.")                                    \
    XX(E_CONTEXT_DATA_SEND_FAILURE, -36, "The context data could not be sent.")                              \
    XX(E_PEER_HRESULT, -37, "The other party ended the session with its own result code.")                   \
    XX(E_NOT_IMPLEMENTED, -38, "Not implemented.")

/* The resource compiler reads the map above for msgsc.dll's string table. */
#ifndef RC_INVOKED
enum core_status
{
#define XX(name, value, text) CORE_##name = value,
    CORE_STATUS_MAP(XX)
#undef XX
};

/* The enumerator's name without the CORE_ prefix, for traces; never NULL. */
const char *core_status_name(enum core_status status);
#endif

#endif
