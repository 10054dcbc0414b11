/*
 * The binary contract of msgsc.dll, transcribed by hand from the spec.
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

#ifndef MSGSC_SPEC_TABLE_H
#define MSGSC_SPEC_TABLE_H

/* Every number here is a literal copied from /work/shared/spec/msgrpriv-api.md
 * section 1 (and appendix A) and messenger-contact.md.  Nothing is taken from
 * the IDL or the generated files on purpose: this table is the independent
 * witness that catches IDL typos and widl mistakes.  The only identifiers of
 * the generated header named here are the C names of vtable fields and
 * constants, so that tests/abi/abi.c can check them at compile time.
 *
 * Vtable members and constants are X-macro lists (as libuv's UV_ERRNO_MAP):
 * abi.c expands each list once into a table that is compared with the type
 * library at run time, and once into _Static_asserts on the generated header.
 * tests/abi/pe-check.sh reads the SPEC_LIBID_* lines and the GUID strings. */

#include <windows.h>
#include <oaidl.h>

#define SPEC_MAX_PARAMS 5

/* Parameter directions as the spec writes them; SPEC_FLAGS_ANY where it
 * gives none (plain event arguments). */
#define SPEC_FLAGS_ANY 0xffff
#define SPEC_IN(name, type)                                                                                  \
    {                                                                                                        \
        name, type, PARAMFLAG_FIN                                                                            \
    }
#define SPEC_RETVAL(name, type)                                                                              \
    {                                                                                                        \
        name, type, PARAMFLAG_FOUT | PARAMFLAG_FRETVAL                                                       \
    }
#define SPEC_INOUT(name, type)                                                                               \
    {                                                                                                        \
        name, type, PARAMFLAG_FIN | PARAMFLAG_FOUT                                                           \
    }
#define SPEC_ARG(name, type)                                                                                 \
    {                                                                                                        \
        name, type, SPEC_FLAGS_ANY                                                                           \
    }

/* One parameter.  Types are spelled as C declares them ("BSTR *" is
 * "BSTR*"); a name of NULL means the spec does not name the parameter. */
struct spec_param
{
    const char *name;
    const char *type;
    USHORT flags;
};

/* One member of an interface or dispinterface. */
struct spec_member
{
    const char *name;
    BOOL has_dispid; /* FALSE for IMsgrLock: the spec gives it no DISPIDs */
    MEMBERID dispid;
    INVOKEKIND invkind;
    unsigned int slot; /* vtable slot, QueryInterface = 0; 0 for events */
    unsigned int param_count;
    struct spec_param params[SPEC_MAX_PARAMS];
};

/* An interface (checked in its vtable view) or a dispinterface. */
struct spec_interface
{
    const char *name;
    const char *guid;
    TYPEKIND kind;
    const char *base;   /* the interface it derives from */
    WORD flags;         /* expected values of the bits in flags_checked */
    WORD flags_checked; /* the type flags the spec states */
    const struct spec_member *members;
    unsigned int member_count;
};

struct spec_impltype
{
    const char *name;
    INT flags;
};

struct spec_coclass
{
    const char *name;
    const char *guid;
    WORD flags;
    WORD flags_checked;
    struct spec_impltype impltypes[2];
    unsigned int impltype_count;
};

struct spec_enum_value
{
    const char *name;
    LONG value;
};

enum spec_alias
{
    SPEC_ALIAS_UNSTATED, /* the spec does not say how the TLB names the enum */
    SPEC_ALIAS_YES,      /* a TKIND_ALIAS of that name refers to a MIDL-named enum */
};

struct spec_enum
{
    const char *name;
    enum spec_alias alias;
    const struct spec_enum_value *values;
    unsigned int value_count;
};

struct spec_library
{
    const char *resource; /* TYPELIB resource id inside msgsc.dll */
    const char *name;
    const char *guid;
    WORD major, minor;
    LCID lcid;
    const char *helpstring;
    const struct spec_interface *interfaces;
    unsigned int interface_count;
    const struct spec_coclass *coclasses;
    unsigned int coclass_count;
    const struct spec_enum *enums;
    unsigned int enum_count;
};

/* Documented constants that are not in any type library: HRESULTs and flags. */
struct spec_code
{
    const char *name;
    ULONG value;
};

#define ARRAY_COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define DUAL_FLAGS     (TYPEFLAG_FDUAL | TYPEFLAG_FOLEAUTOMATION | TYPEFLAG_FDISPATCHABLE)

/* 1.1: the LIBIDs, one line each for tests/abi/pe-check.sh. */
#define SPEC_LIBID_1 "{53CED51D-432B-45B2-A3E0-0CE2C24235D4}" /* Messenger Private Type Library */
#define SPEC_LIBID_2 "{E02AD29E-80F5-46C6-B416-9B3EBDDF057E}" /* Messenger API Type Library */

/* Vtable lists: M(C vtable field, TLB name, invkind, DISPID, slot, parameter count, parameters...). */

/* 1.2 IMsgrSessionManager vtable; slots 0-6 are IUnknown and IDispatch. */
#define SPEC_IMsgrSessionManager(M)                                                                          \
    M(CreateSession, "CreateSession", INVOKE_FUNC, 0, 7, 1, SPEC_RETVAL("ppSession", "IDispatch**"))         \
    M(GetLaunchingSession, "GetLaunchingSession", INVOKE_FUNC, 1, 8, 2, SPEC_IN("lProcessID", "long"),       \
      SPEC_RETVAL("ppSession", "IDispatch**"))                                                               \
    M(RegisterApplication, "RegisterApplication", INVOKE_FUNC, 2, 9, 5, SPEC_IN("bstrAppGUID", "BSTR"),      \
      SPEC_IN("bstrAppName", "BSTR"), SPEC_IN("bstrAppURL", "BSTR"), SPEC_IN("bstrPath", "BSTR"),            \
      SPEC_IN("ulFlags", "long"))                                                                            \
    M(UnRegisterApplication, "UnRegisterApplication", INVOKE_FUNC, 3, 10, 1, SPEC_IN("bstrAppGUID", "BSTR")) \
    M(get_Applications, "Applications", INVOKE_PROPERTYGET, 4, 11, 1, SPEC_RETVAL("ppApps", "IDispatch**"))

/* 1.3 IMsgrSession vtable; the setters' parameter names are the TLB's (1.3, 7.1 item 9).
 * Application has its getter first, LocalAddress its setter first. */
#define SPEC_IMsgrSession(M)                                                                                 \
    M(get_Application, "Application", INVOKE_PROPERTYGET, 0, 7, 1, SPEC_RETVAL("pbstrAppGUID", "BSTR*"))     \
    M(put_Application, "Application", INVOKE_PROPERTYPUT, 0, 8, 1, SPEC_IN("pbstrAppGUID", "BSTR"))          \
    M(get_State, "State", INVOKE_PROPERTYGET, 1, 9, 1, SPEC_RETVAL("pState", "SESSION_STATE*"))              \
    M(Invite, "Invite", INVOKE_FUNC, 2, 10, 2, SPEC_IN("pUser", "IDispatch*"),                               \
      SPEC_IN("bstrAppData", "BSTR"))                                                                        \
    M(Decline, "Decline", INVOKE_FUNC, 3, 11, 1, SPEC_IN("bstrAppData", "BSTR"))                             \
    M(Cancel, "Cancel", INVOKE_FUNC, 4, 12, 2, SPEC_IN("hr", "long"), SPEC_IN("bstrAppData", "BSTR"))        \
    M(Accept, "Accept", INVOKE_FUNC, 5, 13, 1, SPEC_IN("bstrAppData", "BSTR"))                               \
    M(get_RemoteAddress, "RemoteAddress", INVOKE_PROPERTYGET, 6, 14, 1,                                      \
      SPEC_RETVAL("pbstrRemoteAddress", "BSTR*"))                                                            \
    M(get_SessionID, "SessionID", INVOKE_PROPERTYGET, 7, 15, 1, SPEC_RETVAL("pbstrSessionID", "BSTR*"))      \
    M(get_ContextData, "ContextData", INVOKE_PROPERTYGET, 8, 16, 1, SPEC_RETVAL("pbstrData", "BSTR*"))       \
    M(get_ApplicationName, "ApplicationName", INVOKE_PROPERTYGET, 9, 17, 1,                                  \
      SPEC_RETVAL("pbstrName", "BSTR*"))                                                                     \
    M(get_ApplicationURL, "ApplicationURL", INVOKE_PROPERTYGET, 10, 18, 1, SPEC_RETVAL("pbstrURL", "BSTR*")) \
    M(get_Flags, "Flags", INVOKE_PROPERTYGET, 11, 19, 1, SPEC_RETVAL("plFlags", "long*"))                    \
    M(get_User, "User", INVOKE_PROPERTYGET, 12, 20, 1, SPEC_RETVAL("ppUser", "IDispatch**"))                 \
    M(put_LocalAddress, "LocalAddress", INVOKE_PROPERTYPUT, 13, 21, 1, SPEC_IN("pbstrLocalAddress", "BSTR")) \
    M(get_LocalAddress, "LocalAddress", INVOKE_PROPERTYGET, 13, 22, 1,                                       \
      SPEC_RETVAL("pbstrLocalAddress", "BSTR*"))                                                             \
    M(SendContextData, "SendContextData", INVOKE_FUNC, 14, 23, 1, SPEC_IN("bstrData", "BSTR"))

/* 1.4 IMsgrLock vtable; slots 0-2 are IUnknown.  The spec gives no DISPIDs
 * (abi.c does not check them for this interface). */
#define SPEC_IMsgrLock(M)                                                                                    \
    M(get_Status, "Status", INVOKE_PROPERTYGET, 0, 3, 1, SPEC_RETVAL("peStatus", "LockStatus*"))             \
    M(RequestChallenge, "RequestChallenge", INVOKE_FUNC, 0, 4, 1, SPEC_IN("lCookie", "long"))                \
    M(SendResponse, "SendResponse", INVOKE_FUNC, 0, 5, 3, SPEC_IN("bstrAppStrId", "BSTR"),                   \
      SPEC_IN("bstrResponse", "BSTR"), SPEC_IN("lCookie", "long"))

/* messenger-contact.md: IMessengerContact; the spec names types, not parameters. */
#define SPEC_IMessengerContact(M)                                                                            \
    M(get_FriendlyName, "FriendlyName", INVOKE_PROPERTYGET, 1536, 7, 1, SPEC_RETVAL(NULL, "BSTR*"))          \
    M(get_Status, "Status", INVOKE_PROPERTYGET, 1537, 8, 1, SPEC_RETVAL(NULL, "MISTATUS*"))                  \
    M(get_SigninName, "SigninName", INVOKE_PROPERTYGET, 1538, 9, 1, SPEC_RETVAL(NULL, "BSTR*"))              \
    M(get_ServiceName, "ServiceName", INVOKE_PROPERTYGET, 1539, 10, 1, SPEC_RETVAL(NULL, "BSTR*"))           \
    M(get_Blocked, "Blocked", INVOKE_PROPERTYGET, 1540, 11, 1, SPEC_RETVAL(NULL, "VARIANT_BOOL*"))           \
    M(put_Blocked, "Blocked", INVOKE_PROPERTYPUT, 1540, 12, 1, SPEC_IN(NULL, "VARIANT_BOOL"))                \
    M(get_CanPage, "CanPage", INVOKE_PROPERTYGET, 1543, 13, 1, SPEC_RETVAL(NULL, "VARIANT_BOOL*"))           \
    M(get_PhoneNumber, "PhoneNumber", INVOKE_PROPERTYGET, 1544, 14, 2, SPEC_IN(NULL, "MPHONE_TYPE"),         \
      SPEC_RETVAL(NULL, "BSTR*"))                                                                            \
    M(get_IsSelf, "IsSelf", INVOKE_PROPERTYGET, 1541, 15, 1, SPEC_RETVAL(NULL, "VARIANT_BOOL*"))             \
    M(get_Property, "Property", INVOKE_PROPERTYGET, 1542, 16, 2, SPEC_IN(NULL, "MCONTACTPROPERTY"),          \
      SPEC_RETVAL(NULL, "VARIANT*"))                                                                         \
    M(put_Property, "Property", INVOKE_PROPERTYPUT, 1542, 17, 2, SPEC_IN(NULL, "MCONTACTPROPERTY"),          \
      SPEC_IN(NULL, "VARIANT"))                                                                              \
    M(get_ServiceId, "ServiceId", INVOKE_PROPERTYGET, 1545, 18, 1, SPEC_RETVAL(NULL, "BSTR*"))

#define SPEC_MEMBER(field, name, invkind, dispid, slot, count, ...)                                          \
    {name, TRUE, dispid, invkind, slot, count, {__VA_ARGS__}},
#define SPEC_MEMBER_NO_DISPID(field, name, invkind, dispid, slot, count, ...)                                \
    {name, FALSE, dispid, invkind, slot, count, {__VA_ARGS__}},

static const struct spec_member spec_IMsgrSessionManager[] = {SPEC_IMsgrSessionManager(SPEC_MEMBER)};
static const struct spec_member spec_IMsgrSession[] = {SPEC_IMsgrSession(SPEC_MEMBER)};
static const struct spec_member spec_IMsgrLock[] = {SPEC_IMsgrLock(SPEC_MEMBER_NO_DISPID)};
static const struct spec_member spec_IMessengerContact[] = {SPEC_IMessengerContact(SPEC_MEMBER)};

/* 1.5 DMsgrSessionManagerEvents, in TLB member order; the spec gives a
 * direction only for the by-reference flag. */
static const struct spec_member spec_DMsgrSessionManagerEvents[] = {
    {"OnInvitation",
     TRUE,
     100,
     INVOKE_FUNC,
     0,
     3,
     {SPEC_ARG("pSession", "IDispatch*"), SPEC_ARG("bstrAppData", "BSTR"),
      SPEC_INOUT("pfHandled", "VARIANT_BOOL*")}},
    {"OnAppRegistered", TRUE, 101, INVOKE_FUNC, 0, 1, {SPEC_ARG("bstrAppGUID", "BSTR")}},
    {"OnAppUnRegistered", TRUE, 102, INVOKE_FUNC, 0, 1, {SPEC_ARG("bstrAppGUID", "BSTR")}},
    {"OnLockChallenge",
     TRUE,
     145,
     INVOKE_FUNC,
     0,
     2,
     {SPEC_ARG("lCookie", "long"), SPEC_ARG("bstrChallenge", "BSTR")}},
    {"OnLockResult",
     TRUE,
     146,
     INVOKE_FUNC,
     0,
     2,
     {SPEC_ARG("lCookie", "long"), SPEC_ARG("fSucceed", "VARIANT_BOOL")}},
    {"OnLockEnable", TRUE, 147, INVOKE_FUNC, 0, 1, {SPEC_ARG("fEnable", "VARIANT_BOOL")}},
    {"OnLockStatusChanged", TRUE, 12288, INVOKE_FUNC, 0, 1, {SPEC_ARG("eStatus", "LockStatus")}},
    {"OnAppShutdown", TRUE, 126, INVOKE_FUNC, 0, 0, {{NULL}}},
};

/* 1.6 DMsgrSessionEvents, in TLB member order (BeforeAppLaunch, 112, before OnContextData) */
static const struct spec_member spec_DMsgrSessionEvents[] = {
    {"OnStateChanged", TRUE, 103, INVOKE_FUNC, 0, 1, {SPEC_ARG("prevState", "SESSION_STATE")}},
    {"OnAppNotPresent",
     TRUE,
     104,
     INVOKE_FUNC,
     0,
     2,
     {SPEC_ARG("bstrAppName", "BSTR"), SPEC_ARG("bstrAppURL", "BSTR")}},
    {"OnAccepted", TRUE, 105, INVOKE_FUNC, 0, 1, {SPEC_ARG("bstrAppData", "BSTR")}},
    {"OnDeclined", TRUE, 106, INVOKE_FUNC, 0, 1, {SPEC_ARG("bstrAppData", "BSTR")}},
    {"OnCancelled", TRUE, 107, INVOKE_FUNC, 0, 1, {SPEC_ARG("bstrAppData", "BSTR")}},
    {"OnTermination",
     TRUE,
     108,
     INVOKE_FUNC,
     0,
     2,
     {SPEC_ARG("hr", "long"), SPEC_ARG("bstrAppData", "BSTR")}},
    {"OnReadyToLaunch", TRUE, 109, INVOKE_FUNC, 0, 0, {{NULL}}},
    {"BeforeAppLaunch", TRUE, 112, INVOKE_FUNC, 0, 1, {SPEC_INOUT("pfEnableDefault", "VARIANT_BOOL*")}},
    {"OnContextData", TRUE, 110, INVOKE_FUNC, 0, 1, {SPEC_ARG("bstrContextData", "BSTR")}},
    {"OnSendError", TRUE, 111, INVOKE_FUNC, 0, 1, {SPEC_ARG("hr", "long")}},
};

/* 1.1 identities.  Dual interfaces are described in their vtable view (the
 * TKIND_INTERFACE half); 7.1 item 6: the event interfaces are dispinterfaces. */
static const struct spec_interface spec_msgrpriv_interfaces[] = {
    {"IMsgrSessionManager", "{305D86C6-6896-4099-91F5-CB7BA7733563}", TKIND_INTERFACE, "IDispatch",
     DUAL_FLAGS, DUAL_FLAGS, spec_IMsgrSessionManager, ARRAY_COUNT(spec_IMsgrSessionManager)},
    {"IMsgrSession", "{42D7CAFC-0167-4941-A5D8-9FD7F104C41A}", TKIND_INTERFACE, "IDispatch", DUAL_FLAGS,
     DUAL_FLAGS, spec_IMsgrSession, ARRAY_COUNT(spec_IMsgrSession)},
    {"IMsgrLock", "{36602AFA-4859-4DF5-820B-BF35ACAA16CA}", TKIND_INTERFACE, "IUnknown",
     TYPEFLAG_FOLEAUTOMATION, DUAL_FLAGS, spec_IMsgrLock, ARRAY_COUNT(spec_IMsgrLock)},
    {"DMsgrSessionManagerEvents", "{52AC8B62-8F88-46CA-902A-1F9106B0A9F4}", TKIND_DISPATCH, "IDispatch",
     TYPEFLAG_FDISPATCHABLE, TYPEFLAG_FDUAL | TYPEFLAG_FDISPATCHABLE, spec_DMsgrSessionManagerEvents,
     ARRAY_COUNT(spec_DMsgrSessionManagerEvents)},
    {"DMsgrSessionEvents", "{1847A74F-2E7F-43AF-B7F9-55A4DE3276F5}", TKIND_DISPATCH, "IDispatch",
     TYPEFLAG_FDISPATCHABLE, TYPEFLAG_FDUAL | TYPEFLAG_FDISPATCHABLE, spec_DMsgrSessionEvents,
     ARRAY_COUNT(spec_DMsgrSessionEvents)},
};

/* 1.1: the manager is creatable.  The session is not: spec Q15 infers it from
 * the original library's Delphi import (no component wrapper for it), and our
 * class factory refuses it, so the type library must not promise it (a VB
 * "New MsgrSession" fails at compile time, not at run time).  Neither coclass
 * lists IMsgrLock (7.1 item 5). */
static const struct spec_coclass spec_msgrpriv_coclasses[] = {
    {"MsgrSessionManager",
     "{E3A3B1D9-5675-43C0-BF04-37BE11939FB7}",
     TYPEFLAG_FCANCREATE,
     TYPEFLAG_FCANCREATE,
     {{"IMsgrSessionManager", IMPLTYPEFLAG_FDEFAULT},
      {"DMsgrSessionManagerEvents", IMPLTYPEFLAG_FDEFAULT | IMPLTYPEFLAG_FSOURCE}},
     2},
    {"MsgrSession",
     "{E3A3B1D8-5675-43C0-BF04-37BE11939FB7}",
     0,
     TYPEFLAG_FCANCREATE,
     {{"IMsgrSession", IMPLTYPEFLAG_FDEFAULT},
      {"DMsgrSessionEvents", IMPLTYPEFLAG_FDEFAULT | IMPLTYPEFLAG_FSOURCE}},
     2},
};

/* Enumeration lists: V(C name, value). */

/* 1.7 SESSION_STATE (TLB: 0-9; the docs stop at 7) */
#define SPEC_SESSION_STATE(V)                                                                                \
    V(SS_UNKNOWN, 0)                                                                                         \
    V(SS_READY, 1)                                                                                           \
    V(SS_INVITATION, 2)                                                                                      \
    V(SS_ACCEPTED, 3)                                                                                        \
    V(SS_CONNECTED, 4)                                                                                       \
    V(SS_CANCELLED, 5)                                                                                       \
    V(SS_DECLINED, 6)                                                                                        \
    V(SS_TERMINATED, 7)                                                                                      \
    V(SS_FALLBACK_INVITER, 8)                                                                                \
    V(SS_FALLBACK_INVITEE, 9)

/* 1.7 LockStatus */
#define SPEC_LockStatus(V)                                                                                   \
    V(LOCK_NOTINITIALIZED, 1)                                                                                \
    V(LOCK_INITIALIZED, 2)                                                                                   \
    V(LOCK_PENDINGRESULT, 3)                                                                                 \
    V(LOCK_UNLOCKED, 4)                                                                                      \
    V(LOCK_UNLOCKFAILED, 5)                                                                                  \
    V(LOCK_DISABLED, 6)

/* messenger-contact.md */
#define SPEC_MISTATUS(V)                                                                                     \
    V(MISTATUS_UNKNOWN, 0x0)                                                                                 \
    V(MISTATUS_OFFLINE, 0x1)                                                                                 \
    V(MISTATUS_ONLINE, 0x2)                                                                                  \
    V(MISTATUS_INVISIBLE, 0x6)                                                                               \
    V(MISTATUS_BUSY, 0xA)                                                                                    \
    V(MISTATUS_BE_RIGHT_BACK, 0xE)                                                                           \
    V(MISTATUS_IDLE, 0x12)                                                                                   \
    V(MISTATUS_AWAY, 0x22)                                                                                   \
    V(MISTATUS_ON_THE_PHONE, 0x32)                                                                           \
    V(MISTATUS_OUT_TO_LUNCH, 0x42)                                                                           \
    V(MISTATUS_LOCAL_FINDING_SERVER, 0x100)                                                                  \
    V(MISTATUS_LOCAL_CONNECTING_TO_SERVER, 0x200)                                                            \
    V(MISTATUS_LOCAL_SYNCHRONIZING_WITH_SERVER, 0x300)                                                       \
    V(MISTATUS_LOCAL_DISCONNECTING_FROM_SERVER, 0x400)

#define SPEC_MPHONE_TYPE(V)                                                                                  \
    V(MPHONE_TYPE_ALL, -1)                                                                                   \
    V(MPHONE_TYPE_HOME, 0)                                                                                   \
    V(MPHONE_TYPE_WORK, 1)                                                                                   \
    V(MPHONE_TYPE_MOBILE, 2)                                                                                 \
    V(MPHONE_TYPE_CUSTOM, 3)

#define SPEC_MCONTACTPROPERTY(V)                                                                             \
    V(MCONTACTPROP_INVALID_PROPERTY, -1)                                                                     \
    V(MCONTACTPROP_GROUPS_PROPERTY, 0)                                                                       \
    V(MCONTACTPROP_EMAIL, 1)                                                                                 \
    V(MCONTACTPROP_USERTILE_PATH, 2)

#define SPEC_ENUM_VALUE(name, value) {#name, value},

static const struct spec_enum_value spec_SESSION_STATE[] = {SPEC_SESSION_STATE(SPEC_ENUM_VALUE)};
static const struct spec_enum_value spec_LockStatus[] = {SPEC_LockStatus(SPEC_ENUM_VALUE)};
static const struct spec_enum_value spec_MISTATUS[] = {SPEC_MISTATUS(SPEC_ENUM_VALUE)};
static const struct spec_enum_value spec_MPHONE_TYPE[] = {SPEC_MPHONE_TYPE(SPEC_ENUM_VALUE)};
static const struct spec_enum_value spec_MCONTACTPROPERTY[] = {SPEC_MCONTACTPROPERTY(SPEC_ENUM_VALUE)};

/* 1.7: both are aliases of MIDL-named enums in the TLB. */
static const struct spec_enum spec_msgrpriv_enums[] = {
    {"SESSION_STATE", SPEC_ALIAS_YES, spec_SESSION_STATE, ARRAY_COUNT(spec_SESSION_STATE)},
    {"LockStatus", SPEC_ALIAS_YES, spec_LockStatus, ARRAY_COUNT(spec_LockStatus)},
};

/* The library name is not written in the spec: "MessengerPrivate" is the
 * name the Delphi import's unit (MessengerPrivate_TLB.pas) is made from. */
static const struct spec_library spec_msgrpriv = {
    "1",
    "MessengerPrivate",
    SPEC_LIBID_1,
    1,
    0,
    0,
    "Messenger Private Type Library",
    spec_msgrpriv_interfaces,
    ARRAY_COUNT(spec_msgrpriv_interfaces),
    spec_msgrpriv_coclasses,
    ARRAY_COUNT(spec_msgrpriv_coclasses),
    spec_msgrpriv_enums,
    ARRAY_COUNT(spec_msgrpriv_enums),
};

static const struct spec_interface spec_msgrcontact_interfaces[] = {
    {"IMessengerContact", "{E7479A0F-BB19-44A5-968F-6F41D93EE0BC}", TKIND_INTERFACE, "IDispatch",
     TYPEFLAG_FDUAL | TYPEFLAG_FDISPATCHABLE, TYPEFLAG_FDUAL | TYPEFLAG_FDISPATCHABLE, spec_IMessengerContact,
     ARRAY_COUNT(spec_IMessengerContact)},
};

/* messenger-contact.md does not say how the enums are named in the TLB. */
static const struct spec_enum spec_msgrcontact_enums[] = {
    {"MISTATUS", SPEC_ALIAS_UNSTATED, spec_MISTATUS, ARRAY_COUNT(spec_MISTATUS)},
    {"MPHONE_TYPE", SPEC_ALIAS_UNSTATED, spec_MPHONE_TYPE, ARRAY_COUNT(spec_MPHONE_TYPE)},
    {"MCONTACTPROPERTY", SPEC_ALIAS_UNSTATED, spec_MCONTACTPROPERTY, ARRAY_COUNT(spec_MCONTACTPROPERTY)},
};

/* Resource 2 is our own subset of the Messenger API library (one interface,
 * no coclass).  The spec gives its LIBID, help string and version; the name
 * "MessengerAPI" is the one the public msgrua headers use (LIBID_MessengerAPI)
 * and LCID 0 is ours. */
static const struct spec_library spec_msgrcontact = {
    "2",
    "MessengerAPI",
    SPEC_LIBID_2,
    1,
    0,
    0,
    "Messenger API Type Library",
    spec_msgrcontact_interfaces,
    ARRAY_COUNT(spec_msgrcontact_interfaces),
    NULL,
    0,
    spec_msgrcontact_enums,
    ARRAY_COUNT(spec_msgrcontact_enums),
};

/* Constant lists: C(C name, value).  1.7 SESSION_FLAGS (documented, not in
 * the TLB; SF_INVITEE per the Rec). */
#define SPEC_SESSION_FLAGS(C)                                                                                \
    C(SF_NONE, 0x0000)                                                                                       \
    C(SF_INVITER, 0x0001)                                                                                    \
    C(SF_INVITEE, 0x0002)                                                                                    \
    C(SF_APP_INVITE_COMPATIBLE, 0x0004)

/* 1.7 SESSION_RESULT and LockError */
#define SPEC_SESSION_RESULT(C)                                                                               \
    C(SR_APPLICATION_LAUNCH_FAILED, 0x81000601)                                                              \
    C(SR_INVITATION_DECLINED, 0x81000602)                                                                    \
    C(SR_CONNECTION_FAILURE, 0x81000603)                                                                     \
    C(SR_AUTHENTICATION_FAILED, 0x81000604)                                                                  \
    C(SR_SESSION_NOT_READY, 0x81000605)                                                                      \
    C(SR_SESSION_CANCELLED_LOCAL, 0x81000606)                                                                \
    C(SR_SESSION_CANCELLED_REMOTE, 0x81000607)                                                               \
    C(SR_SESSION_PROTOCOL_ERROR, 0x81000608)                                                                 \
    C(SR_SESSION_TIMEOUT, 0x81000609)                                                                        \
    C(SR_CANCEL_BEFORE_CONNECT, 0x8100060A)                                                                  \
    C(SR_NOT_INVITEE, 0x8100060B)                                                                            \
    C(SR_NOT_INVITER, 0x8100060C)                                                                            \
    C(SR_APP_ALREADY_REGISTERED, 0x8100060D)                                                                 \
    C(SR_APP_NOT_REGISTERED, 0x8100060E)                                                                     \
    C(SR_NOT_VALID_FOR_APP_INVITE, 0x8100060F)                                                               \
    C(SR_APP_NOT_SPECIFIED, 0x81000610)                                                                      \
    C(SR_CONTEXT_DATA_OVER_LIMIT, 0x81000611)                                                                \
    C(SR_NO_USER_INVITED, 0x81000612)                                                                        \
    C(SR_INVITED_SELF, 0x81000613)                                                                           \
    C(SR_SESSION_STATE_INVALID, 0x81000614)                                                                  \
    C(SR_INVITATION_SEND_FAILURE, 0x81000615)                                                                \
    C(SR_CANCEL_SEND_FAILURE, 0x81000616)                                                                    \
    C(SR_DECLINE_SEND_FAILURE, 0x81000617)                                                                   \
    C(SR_ACCEPT_SEND_FAILURE, 0x81000618)                                                                    \
    C(SR_CONTEXT_DATA_SEND_FAILURE, 0x81000619)                                                              \
    C(SR_NETWORK_CONFIG_FAILURE, 0x81000620)                                                                 \
    C(SR_NET_NOT_SUPPORTED, 0x81000621)                                                                      \
    C(SR_REMOTE_NET_NOT_SUPPORTED, 0x81000622)                                                               \
    C(SR_FIREWALL_NOT_SUPPORTED, 0x81000623)                                                                 \
    C(SR_OLD_SIP_STACK, 0x81000624)

#define SPEC_LockError(C)                                                                                    \
    C(MSGR_E_API_NOTINITIALIZED, 0x81000751)                                                                 \
    C(MSGR_E_API_LOCKED, 0x81000752)                                                                         \
    C(MSGR_E_API_UNLOCK_FAILED, 0x81000753)                                                                  \
    C(MSGR_E_API_ALREADY_UNLOCKED, 0x81000754)                                                               \
    C(MSGR_E_API_PENDING_UNLOCK, 0x81000755)                                                                 \
    C(MSGR_E_API_DISABLED, 0x81000756)

/* Appendix A: MSGRConstants, MSGR_E(n) = 0x81000300 + n, the 4.5 list then
 * the 4.7 additions (RESTRICTED_USER_LOGON_RESTRICED and IE_OFFLINE share
 * 0x81000386 on the page).  The MSGR_S success codes are left out: the spec
 * only computes them by analogy. */
#define SPEC_MSGRConstants(C)                                                                                \
    C(MSGR_E_CONNECT, 0x81000301)                                                                            \
    C(MSGR_E_INVALID_SERVER_NAME, 0x81000302)                                                                \
    C(MSGR_E_INVALID_PASSWORD, 0x81000303)                                                                   \
    C(MSGR_E_ALREADY_LOGGED_ON, 0x81000304)                                                                  \
    C(MSGR_E_SERVER_VERSION, 0x81000305)                                                                     \
    C(MSGR_E_LOGON_TIMEOUT, 0x81000306)                                                                      \
    C(MSGR_E_LIST_FULL, 0x81000307)                                                                          \
    C(MSGR_E_AI_REJECT, 0x81000308)                                                                          \
    C(MSGR_E_AI_REJECT_NOT_INST, 0x81000309)                                                                 \
    C(MSGR_E_USER_NOT_FOUND, 0x8100030A)                                                                     \
    C(MSGR_E_ALREADY_IN_LIST, 0x8100030B)                                                                    \
    C(MSGR_E_DISCONNECTED, 0x8100030C)                                                                       \
    C(MSGR_E_UNEXPECTED, 0x8100030D)                                                                         \
    C(MSGR_E_SERVER_TOO_BUSY, 0x8100030E)                                                                    \
    C(MSGR_E_INVALID_AUTH_PACKAGES, 0x8100030F)                                                              \
    C(MSGR_E_NEWER_CLIENT_AVAILABLE, 0x81000310)                                                             \
    C(MSGR_E_AI_TIMEOUT, 0x81000311)                                                                         \
    C(MSGR_E_CANCEL, 0x81000312)                                                                             \
    C(MSGR_E_TOO_MANY_MATCHES, 0x81000313)                                                                   \
    C(MSGR_E_SERVER_UNAVAILABLE, 0x81000314)                                                                 \
    C(MSGR_E_LOGON_UI_ACTIVE, 0x81000315)                                                                    \
    C(MSGR_E_OPTION_UI_ACTIVE, 0x81000316)                                                                   \
    C(MSGR_E_CONTACT_UI_ACTIVE, 0x81000317)                                                                  \
    C(MSGR_E_PRIMARY_SERVICE_NOT_LOGGED_ON, 0x81000318)                                                      \
    C(MSGR_E_LOGGED_ON, 0x81000319)                                                                          \
    C(MSGR_E_CONNECT_PROXY, 0x8100031A)                                                                      \
    C(MSGR_E_PROXY_AUTH, 0x8100031B)                                                                         \
    C(MSGR_E_PROXY_AUTH_TYPE, 0x8100031C)                                                                    \
    C(MSGR_E_INVALID_PROXY_NAME, 0x8100031D)                                                                 \
    C(MSGR_E_NOT_LOGGED_ON, 0x8100031E)                                                                      \
    C(MSGR_E_NOT_PRIMARY_SERVICE, 0x81000320)                                                                \
    C(MSGR_E_TOO_MANY_SESSIONS, 0x81000321)                                                                  \
    C(MSGR_E_TOO_MANY_MESSAGES, 0x81000322)                                                                  \
    C(MSGR_E_REMOTE_LOGIN, 0x81000323)                                                                       \
    C(MSGR_E_INVALID_FRIENDLY_NAME, 0x81000324)                                                              \
    C(MSGR_E_SESSION_FULL, 0x81000325)                                                                       \
    C(MSGR_E_NOT_ALLOWING_NEW_USERS, 0x81000326)                                                             \
    C(MSGR_E_INVALID_DOMAIN, 0x81000327)                                                                     \
    C(MSGR_E_TCP_ERROR, 0x81000328)                                                                          \
    C(MSGR_E_SESSION_TIMEOUT, 0x81000329)                                                                    \
    C(MSGR_E_MULTIPOINT_SESSION_BEGIN_TIMEOUT, 0x8100032A)                                                   \
    C(MSGR_E_MULTIPOINT_SESSION_END_TIMEOUT, 0x8100032B)                                                     \
    C(MSGR_E_REVERSE_LIST_FULL, 0x8100032C)                                                                  \
    C(MSGR_E_SERVER_ERROR, 0x8100032D)                                                                       \
    C(MSGR_E_SYSTEM_CONFIG, 0x8100032E)                                                                      \
    C(MSGR_E_NO_DIRECTORY, 0x8100032F)                                                                       \
    C(MSGR_E_RETRY_SET, 0x81000330)                                                                          \
    C(MSGR_E_CHILD_WITHOUT_CONSENT, 0x81000331)                                                              \
    C(MSGR_E_USER_CANCELLED, 0x81000332)                                                                     \
    C(MSGR_E_CANCEL_BEFORE_CONNECT, 0x81000333)                                                              \
    C(MSGR_E_VOICE_IM_TIMEOUT, 0x81000334)                                                                   \
    C(MSGR_E_NOT_ACCEPTING_PAGES, 0x81000335)                                                                \
    C(MSGR_E_EMAIL_PASSPORT_NOT_VALIDATED, 0x81000336)                                                       \
    C(MSGR_E_AUDIO_UI_ACTIVE, 0x81000337)                                                                    \
    C(MSGR_E_NO_HARDWARE, 0x81000338)                                                                        \
    C(MSGR_E_PAGING_UNAVAILABLE, 0x81000339)                                                                 \
    C(MSGR_E_PHONE_INVALID_NUMBER, 0x8100033A)                                                               \
    C(MSGR_E_PHONE_NO_FUNDS, 0x8100033B)                                                                     \
    C(MSGR_E_VOICE_NO_ANSWER, 0x8100033C)                                                                    \
    C(MSGR_E_VOICE_WAVEIN_DEVICE, 0x8100033D)                                                                \
    C(MSGR_E_FT_TIMEOUT, 0x8100033E)                                                                         \
    C(MSGR_E_MESSAGE_TOO_LONG, 0x8100033F)                                                                   \
    C(MSGR_E_VOICE_FIREWALL, 0x81000340)                                                                     \
    C(MSGR_E_VOICE_NETCONN, 0x81000341)                                                                      \
    C(MSGR_E_PHONE_CIRCUITS_BUSY, 0x81000342)                                                                \
    C(MSGR_E_SERVER_PROTOCOL, 0x81000343)                                                                    \
    C(MSGR_E_UNAVAILABLE_VIA_HTTP, 0x81000344)                                                               \
    C(MSGR_E_PHONE_INVALID_PIN, 0x81000345)                                                                  \
    C(MSGR_E_PHONE_PINPROCEED_TIMEOUT, 0x81000346)                                                           \
    C(MSGR_E_SERVER_SHUTDOWN, 0x81000347)                                                                    \
    C(MSGR_E_CLIENT_DISALLOWED, 0x81000348)                                                                  \
    C(MSGR_E_PHONE_CALL_NOT_COMPLETE, 0x81000349)                                                            \
    C(MSGR_E_GROUPS_NOT_ENABLED, 0x8100034A)                                                                 \
    C(MSGR_E_GROUP_ALREADY_EXISTS, 0x8100034B)                                                               \
    C(MSGR_E_TOO_MANY_GROUPS, 0x8100034C)                                                                    \
    C(MSGR_E_GROUP_DOES_NOT_EXIST, 0x8100034D)                                                               \
    C(MSGR_E_USER_NOT_GROUP_MEMBER, 0x8100034E)                                                              \
    C(MSGR_E_GROUP_NAME_TOO_LONG, 0x8100034F)                                                                \
    C(MSGR_E_GROUP_NOT_EMPTY, 0x81000350)                                                                    \
    C(MSGR_E_BAD_GROUP_NAME, 0x81000351)                                                                     \
    C(MSGR_E_PHONESERVICE_UNAVAILABLE, 0x81000352)                                                           \
    C(MSGR_E_CANNOT_RENAME, 0x81000353)                                                                      \
    C(MSGR_E_CANNOT_DELETE, 0x81000354)                                                                      \
    C(MSGR_E_INVALID_SERVICE, 0x81000355)                                                                    \
    C(MSGR_E_POLICY_RESTRICTED, 0x81000356)                                                                  \
    C(MSGR_E_BUSY, 0x81000357)                                                                               \
    C(MSGR_E_DNS_SRV_FAIL, 0x81000358)                                                                       \
    C(MSGR_E_DNS_A_RES_FAIL, 0x81000359)                                                                     \
    C(MSGR_E_NO_SERVER_ADDRESS_SPECIFIED, 0x81000360)                                                        \
    C(MSGR_E_TLS_FAIL, 0x81000361)                                                                           \
    C(MSGR_E_INCOMPATIBLE_ENCRYPTION, 0x81000362)                                                            \
    C(MSGR_E_SSL_TUNNEL_FAILED, 0x81000363)                                                                  \
    C(MSGR_E_SIP_TIMEOUT, 0x81000364)                                                                        \
    C(MSGR_E_INCOMPATIBLE_IM, 0x81000365)                                                                    \
    C(MSGR_E_MIM_ADD_TO_CONTACTS_FAIL, 0x81000366)                                                           \
    C(MSGR_E_INVALID_ADDRESS_FORMAT, 0x81000367)                                                             \
    C(MSGR_E_INVALID_CERTIFICATE, 0x81000368)                                                                \
    C(MSGR_E_AUTH_TIME_SKEW, 0x81000369)                                                                     \
    C(MSGR_E_CHANGED_CREDENTIALS, 0x81000370)                                                                \
    C(MSGR_E_SIP_LOGIN_FORBIDDEN, 0x81000371)                                                                \
    C(MSGR_E_SIP_HIGH_SECURITY_SET_TLS, 0x81000372)                                                          \
    C(MSGR_E_CALLEE_INSUFFICIENT_SECURITY_LEVEL, 0x81000373)                                                 \
    C(MSGR_E_CALLER_PEER2PEER_CALLS_NOT_ALLOWED, 0x81000374)                                                 \
    C(MSGR_E_SIP_UDP_UNSUPPORTED, 0x81000375)                                                                \
    C(MSGR_E_SIP_SEARCH_FORBIDDEN, 0x81000376)                                                               \
    C(MSGR_E_SESSION_RESTRICTED, 0x81000380)                                                                 \
    C(MSGR_E_MANAGED_USER_INVALID_CVR, 0x81000381)                                                           \
    C(MSGR_E_RESTRICTED_USER, 0x81000382)                                                                    \
    C(MSGR_E_PROXY_AUTH_REQUIRED, 0x81000383)                                                                \
    C(MSGR_E_PROXY_REALM_MISMATCH, 0x81000384)                                                               \
    C(MSGR_E_PROXY_PASSWORD_INCORRECT, 0x81000385)                                                           \
    C(MSGR_E_RESTRICTED_USER_LOGON_RESTRICED, 0x81000386)                                                    \
    C(MSGR_E_IE_OFFLINE, 0x81000386)                                                                         \
    C(MSGR_E_IE_CANT_CONNECT, 0x81000388)                                                                    \
    C(MSGR_S_OK, 0x00000000)                                                                                 \
    C(MSGR_E_FAIL, 0x80004005)

#define SPEC_CODE(name, value) {#name, value},

static const struct spec_code spec_codes[] = {SPEC_SESSION_FLAGS(SPEC_CODE) SPEC_SESSION_RESULT(SPEC_CODE)
                                                  SPEC_LockError(SPEC_CODE) SPEC_MSGRConstants(SPEC_CODE)};

#endif
