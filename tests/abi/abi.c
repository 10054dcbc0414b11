/*
 * The binary contract of msgsc.dll against the spec: the generated header at
 * compile time, the embedded type libraries and the exports at run time.
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

#define COBJMACROS
#include <windows.h>
#include <ole2.h>
#include <stddef.h>
#include <string.h>
#include <wchar.h>
#include "msgrpriv.h"
#include "msgrcontact.h"
#include "test.h"
#include "spec_table.h"

/* Usage: test_abi.exe [path\to\msgsc.dll]; without an argument the DLL next
 * to the program is checked.  Nothing is registered: the type libraries are
 * loaded from the DLL's TYPELIB resources with REGKIND_NONE. */

/* Compile time: the generated header against the spec table.  Each vtable
 * field sits at its spec slot, each vtable has no field more, and each enum
 * constant and documented HRESULT has the spec's value.  These asserts also
 * hold the i686 build to 4-byte slots.  (clang-format cannot lay out macro
 * lists that expand to declarations, hence the off/on pair.) */
#define ASSERT_SLOT(field, name, invkind, dispid, slot, ...)                                                 \
    _Static_assert(offsetof(SPEC_VTBL, field) == (slot) * sizeof(void *),                                    \
                   "vtable slot of " #field " differs from the spec");
#define PLUS_ONE(...)             +1
#define ASSERT_VALUE(name, value) _Static_assert((name) == (value), #name " differs from the spec");
#define ASSERT_CODE(name, value)                                                                             \
    _Static_assert((ULONG)(name) == (ULONG)(value), #name " differs from the spec");

/* clang-format off */
#define SPEC_VTBL IMsgrSessionManagerVtbl
SPEC_IMsgrSessionManager(ASSERT_SLOT)
#undef SPEC_VTBL
#define SPEC_VTBL IMsgrSessionVtbl
SPEC_IMsgrSession(ASSERT_SLOT)
#undef SPEC_VTBL
#define SPEC_VTBL IMsgrLockVtbl
SPEC_IMsgrLock(ASSERT_SLOT)
#undef SPEC_VTBL
#define SPEC_VTBL IMessengerContactVtbl
SPEC_IMessengerContact(ASSERT_SLOT)
#undef SPEC_VTBL

SPEC_SESSION_STATE(ASSERT_VALUE)
SPEC_LockStatus(ASSERT_VALUE)
SPEC_MISTATUS(ASSERT_VALUE)
SPEC_MPHONE_TYPE(ASSERT_VALUE)
SPEC_MCONTACTPROPERTY(ASSERT_VALUE)
SPEC_SESSION_FLAGS(ASSERT_VALUE)

SPEC_SESSION_RESULT(ASSERT_CODE)
SPEC_LockError(ASSERT_CODE)
SPEC_MSGRConstants(ASSERT_CODE)

/* IUnknown and IDispatch first, nothing after the last spec slot. */
_Static_assert(offsetof(IMsgrSessionManagerVtbl, Invoke) == 6 * sizeof(void *), "IDispatch part");
_Static_assert(offsetof(IMsgrSessionVtbl, Invoke) == 6 * sizeof(void *), "IDispatch part");
_Static_assert(offsetof(IMessengerContactVtbl, Invoke) == 6 * sizeof(void *), "IDispatch part");
_Static_assert(offsetof(IMsgrLockVtbl, Release) == 2 * sizeof(void *), "IMsgrLock derives from IUnknown");
_Static_assert(sizeof(IMsgrSessionManagerVtbl) == (7 SPEC_IMsgrSessionManager(PLUS_ONE)) * sizeof(void *),
               "IMsgrSessionManagerVtbl has members the spec does not list");
_Static_assert(sizeof(IMsgrSessionVtbl) == (7 SPEC_IMsgrSession(PLUS_ONE)) * sizeof(void *),
               "IMsgrSessionVtbl has members the spec does not list");
_Static_assert(sizeof(IMsgrLockVtbl) == (3 SPEC_IMsgrLock(PLUS_ONE)) * sizeof(void *),
               "IMsgrLockVtbl has members the spec does not list");
_Static_assert(sizeof(IMessengerContactVtbl) == (7 SPEC_IMessengerContact(PLUS_ONE)) * sizeof(void *),
               "IMessengerContactVtbl has members the spec does not list");

/* Enum parameters travel as 4-byte integers (VT_I4 in DISPPARAMS). */
_Static_assert(sizeof(SESSION_STATE) == 4 && sizeof(LockStatus) == 4, "enum size");
_Static_assert(sizeof(MISTATUS) == 4 && sizeof(MPHONE_TYPE) == 4 && sizeof(MCONTACTPROPERTY) == 4,
               "enum size");
/* clang-format on */

/* Run time. */
static WCHAR dll_path[MAX_PATH];
static unsigned int dll_pointer_size; /* of the DLL under test, from its PE header */

/* Wine's oleaut32 gives oVft in the caller's pointer size whatever the
 * library's system kind (cbSizeVft stays in the library's), so slots are
 * counted in ours; this matters when the x86_64 program checks the i686 DLL. */
#define SLOT_SIZE ((unsigned int)sizeof(void *))

/* The GUIDs of the generated _i.c files, by the name the spec gives them. */
static const struct
{
    const char *name;
    const GUID *guid;
} header_guids[] = {
    {"MessengerPrivate", &LIBID_MessengerPrivate},
    {"IMsgrSessionManager", &IID_IMsgrSessionManager},
    {"IMsgrSession", &IID_IMsgrSession},
    {"IMsgrLock", &IID_IMsgrLock},
    {"DMsgrSessionManagerEvents", &DIID_DMsgrSessionManagerEvents},
    {"DMsgrSessionEvents", &DIID_DMsgrSessionEvents},
    {"MsgrSessionManager", &CLSID_MsgrSessionManager},
    {"MsgrSession", &CLSID_MsgrSession},
    {"MessengerAPI", &LIBID_MessengerAPI},
    {"IMessengerContact", &IID_IMessengerContact},
};

static const struct spec_library *const libraries[] = {&spec_msgrpriv, &spec_msgrcontact};

static GUID spec_guid(const char *string)
{
    WCHAR buffer[64];
    GUID guid = GUID_NULL;
    HRESULT hr;

    MultiByteToWideChar(CP_ACP, 0, string, -1, buffer, ARRAY_COUNT(buffer));
    hr = CLSIDFromString(buffer, &guid);
    ok(hr == S_OK, "Spec table GUID %s does not parse, hr %#lx.\n", string, hr);
    return guid;
}

static const char *debugstr_guid(const GUID *guid)
{
    static char buffers[4][40];
    static unsigned int next;
    char *buffer = buffers[next++ % ARRAY_COUNT(buffers)];

    sprintf(buffer, "{%08lX-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", guid->Data1, guid->Data2,
            guid->Data3, guid->Data4[0], guid->Data4[1], guid->Data4[2], guid->Data4[3], guid->Data4[4],
            guid->Data4[5], guid->Data4[6], guid->Data4[7]);
    return buffer;
}

/* Type library names are ASCII here; compares a BSTR with a table string. */
static BOOL name_is(const WCHAR *name, const char *expected)
{
    if (!name || !expected) return name == NULL && expected == NULL;
    while (*expected && *name == (WCHAR)(unsigned char)*expected)
    {
        name++;
        expected++;
    }
    return !*name && !*expected;
}

static const char *invkind_name(INVOKEKIND kind)
{
    switch (kind)
    {
    case INVOKE_FUNC: return "method";
    case INVOKE_PROPERTYGET: return "propget";
    case INVOKE_PROPERTYPUT: return "propput";
    case INVOKE_PROPERTYPUTREF: return "propputref";
    }
    return "?";
}

/* Spells a type as the spec table does: "BSTR*", "IDispatch**", "SESSION_STATE". */
static void format_type(ITypeInfo *info, const TYPEDESC *desc, char *buffer, size_t size)
{
    const char *simple = NULL;
    char inner[128];

    switch (desc->vt)
    {
    case VT_PTR:
        format_type(info, desc->lptdesc, inner, sizeof(inner));
        snprintf(buffer, size, "%s*", inner);
        return;
    case VT_USERDEFINED:
    {
        ITypeInfo *ref;
        BSTR name = NULL;

        if (SUCCEEDED(ITypeInfo_GetRefTypeInfo(info, desc->hreftype, &ref)))
        {
            ITypeInfo_GetDocumentation(ref, MEMBERID_NIL, &name, NULL, NULL, NULL);
            ITypeInfo_Release(ref);
        }
        snprintf(buffer, size, "%ls", name ? name : L"?");
        SysFreeString(name);
        return;
    }
    case VT_I4: simple = "long"; break;
    case VT_INT: simple = "int"; break;
    case VT_UI4: simple = "ULONG"; break;
    case VT_BSTR: simple = "BSTR"; break;
    case VT_BOOL: simple = "VARIANT_BOOL"; break;
    case VT_VARIANT: simple = "VARIANT"; break;
    case VT_DISPATCH: simple = "IDispatch*"; break;
    case VT_UNKNOWN: simple = "IUnknown*"; break;
    case VT_HRESULT: simple = "HRESULT"; break;
    case VT_VOID: simple = "void"; break;
    }
    if (simple)
        snprintf(buffer, size, "%s", simple);
    else
        snprintf(buffer, size, "VT_%u", desc->vt);
}

static BSTR type_name(ITypeInfo *info)
{
    BSTR name = NULL;

    ITypeInfo_GetDocumentation(info, MEMBERID_NIL, &name, NULL, NULL, NULL);
    return name;
}

/* Marks a type as expected, so that check_no_extra_types() can find the rest. */
static void mark_seen(ITypeInfo *info, BOOL *seen, UINT count)
{
    ITypeLib *typelib;
    UINT index;

    if (FAILED(ITypeInfo_GetContainingTypeLib(info, &typelib, &index))) return;
    if (index < count) seen[index] = TRUE;
    ITypeLib_Release(typelib);
}

/* The type of GUID guid_text in typelib, named name as the spec has it, and
 * marked seen; NULL if the library does not have it.  what says what the
 * spec calls it in a failure ("" or "Coclass "). */
static ITypeInfo *spec_type_info(ITypeLib *typelib, const char *what, const char *name, const char *guid_text,
                                 const GUID *guid, BOOL *seen, UINT count)
{
    ITypeInfo *info;
    BSTR found;
    HRESULT hr;

    hr = ITypeLib_GetTypeInfoOfGuid(typelib, guid, &info);
    ok(hr == S_OK, "%s%s %s not in the type library, hr %#lx.\n", what, name, guid_text, hr);
    if (FAILED(hr)) return NULL;
    mark_seen(info, seen, count);
    found = type_name(info);
    ok(name_is(found, name), "%s is named %ls, spec %s.\n", guid_text, found, name);
    SysFreeString(found);
    return info;
}

static void check_params(const char *iface, const struct spec_member *member, ITypeInfo *info,
                         const FUNCDESC *desc, BOOL names_are_this_function)
{
    BSTR names[SPEC_MAX_PARAMS + 1] = {NULL};
    UINT count = 0, i;
    char type[128];
    HRESULT hr;

    hr = ITypeInfo_GetNames(info, desc->memid, names, ARRAY_COUNT(names), &count);
    ok(hr == S_OK, "%s.%s: GetNames hr %#lx.\n", iface, member->name, hr);
    ok(name_is(names[0], member->name), "%s member %ld: name %ls, spec %s.\n", iface, desc->memid, names[0],
       member->name);

    for (i = 0; i < member->param_count && i < (UINT)desc->cParams; i++)
    {
        const struct spec_param *param = &member->params[i];
        const ELEMDESC *elem = &desc->lprgelemdescParam[i];

        format_type(info, &elem->tdesc, type, sizeof(type));
        ok(!strcmp(type, param->type), "%s.%s (%s) parameter %u: type %s, spec %s.\n", iface, member->name,
           invkind_name(member->invkind), i, type, param->type);
        if (param->flags != SPEC_FLAGS_ANY)
            ok(elem->paramdesc.wParamFlags == param->flags, "%s.%s (%s) parameter %u: flags %#x, spec %#x.\n",
               iface, member->name, invkind_name(member->invkind), i, elem->paramdesc.wParamFlags,
               param->flags);
        /* GetNames finds the first function of a DISPID; a property's second
         * accessor has the same parameter names in the spec anyway. */
        if (!param->name || !names_are_this_function) continue;
        if (i + 1 >= count && member->invkind == INVOKE_PROPERTYPUT && i + 1 == member->param_count)
        {
            /* widl never names the value parameter of a propput, as MIDL
             * does; the name has no binary effect (spec 7.1 item 9). */
            skip("%s.%s (propput): the value parameter has no name in the type library, spec %s.\n", iface,
                 member->name, param->name);
            continue;
        }
        ok(i + 1 < count && name_is(names[i + 1], param->name), "%s.%s parameter %u: name %ls, spec %s.\n",
           iface, member->name, i, i + 1 < count ? names[i + 1] : L"(none)", param->name);
    }
    for (i = 0; i < count; i++)
        SysFreeString(names[i]);
}

/* Members in their TLB order: name, DISPID, kind, parameters and vtable slot. */
static void check_members(const struct spec_interface *spec, ITypeInfo *info, const TYPEATTR *attr)
{
    BOOL is_interface = attr->typekind == TKIND_INTERFACE;
    unsigned int i, j;
    char type[128];
    HRESULT hr;

    ok(attr->cFuncs == spec->member_count, "%s: %u functions, spec %u.\n", spec->name, attr->cFuncs,
       spec->member_count);
    ok(attr->cVars == 0, "%s: %u variables, spec none.\n", spec->name, attr->cVars);
    if (is_interface && spec->member_count)
    {
        unsigned int slots = spec->members[spec->member_count - 1].slot + 1;

        ok(attr->cbSizeVft == slots * dll_pointer_size, "%s: vtable of %u bytes, spec %u slots of %u.\n",
           spec->name, attr->cbSizeVft, slots, dll_pointer_size);
    }

    for (i = 0; i < spec->member_count && i < attr->cFuncs; i++)
    {
        const struct spec_member *member = &spec->members[i];
        BOOL first_of_dispid = TRUE;
        FUNCDESC *desc;

        hr = ITypeInfo_GetFuncDesc(info, i, &desc);
        ok(hr == S_OK, "%s: GetFuncDesc(%u) hr %#lx.\n", spec->name, i, hr);
        if (FAILED(hr)) continue;

        if (member->has_dispid)
            ok(desc->memid == member->dispid, "%s.%s (%s): DISPID %ld, spec %ld.\n", spec->name, member->name,
               invkind_name(member->invkind), desc->memid, member->dispid);
        ok(desc->invkind == member->invkind, "%s.%s: %s, spec %s.\n", spec->name, member->name,
           invkind_name(desc->invkind), invkind_name(member->invkind));
        ok(desc->cParams == (SHORT)member->param_count, "%s.%s (%s): %d parameters, spec %u.\n", spec->name,
           member->name, invkind_name(member->invkind), desc->cParams, member->param_count);
        ok(desc->cParamsOpt == 0, "%s.%s: %d optional parameters.\n", spec->name, member->name,
           desc->cParamsOpt);

        if (is_interface)
        {
            ok(desc->oVft == (SHORT)(member->slot * SLOT_SIZE), "%s.%s (%s): slot %u, spec %u.\n", spec->name,
               member->name, invkind_name(member->invkind), desc->oVft / SLOT_SIZE, member->slot);
            ok(desc->funckind == FUNC_PUREVIRTUAL, "%s.%s: funckind %d.\n", spec->name, member->name,
               desc->funckind);
            ok(desc->callconv == CC_STDCALL, "%s.%s: callconv %d.\n", spec->name, member->name,
               desc->callconv);
        }
        else
        {
            ok(desc->funckind == FUNC_DISPATCH, "%s.%s: funckind %d.\n", spec->name, member->name,
               desc->funckind);
        }
        format_type(info, &desc->elemdescFunc.tdesc, type, sizeof(type));
        ok(!strcmp(type, is_interface ? "HRESULT" : "void"), "%s.%s: returns %s.\n", spec->name, member->name,
           type);

        for (j = 0; j < i; j++)
            if (member->has_dispid && spec->members[j].dispid == member->dispid) first_of_dispid = FALSE;
        check_params(spec->name, member, info, desc, first_of_dispid);
        ITypeInfo_ReleaseFuncDesc(info, desc);
    }
}

/* What a script's GetIDsOfNames sees on the dispatch half of a dual interface. */
static void check_dispatch_names(const struct spec_interface *spec, ITypeInfo *info)
{
    unsigned int i;

    for (i = 0; i < spec->member_count; i++)
    {
        const struct spec_member *member = &spec->members[i];
        WCHAR name[64];
        LPOLESTR names[1] = {name};
        MEMBERID id = MEMBERID_NIL;
        HRESULT hr;

        if (!member->has_dispid) continue;
        MultiByteToWideChar(CP_ACP, 0, member->name, -1, name, ARRAY_COUNT(name));
        hr = ITypeInfo_GetIDsOfNames(info, names, 1, &id);
        ok(hr == S_OK && id == member->dispid, "%s.%s: GetIDsOfNames hr %#lx, DISPID %ld, spec %ld.\n",
           spec->name, member->name, hr, id, member->dispid);
    }
}

static void check_base(const struct spec_interface *spec, ITypeInfo *info, const TYPEATTR *attr)
{
    ITypeInfo *base;
    HREFTYPE href;
    BSTR name;
    HRESULT hr;

    ok(attr->cImplTypes == 1, "%s: %u base interfaces.\n", spec->name, attr->cImplTypes);
    hr = ITypeInfo_GetRefTypeOfImplType(info, 0, &href);
    ok(hr == S_OK, "%s: GetRefTypeOfImplType(0) hr %#lx.\n", spec->name, hr);
    if (FAILED(hr)) return;
    hr = ITypeInfo_GetRefTypeInfo(info, href, &base);
    ok(hr == S_OK, "%s: GetRefTypeInfo(base) hr %#lx.\n", spec->name, hr);
    if (FAILED(hr)) return;
    name = type_name(base);
    ok(name_is(name, spec->base), "%s: derives from %ls, spec %s.\n", spec->name, name, spec->base);
    SysFreeString(name);
    ITypeInfo_Release(base);
}

static void check_interface(ITypeLib *typelib, const struct spec_interface *spec, BOOL *seen, UINT count)
{
    BOOL dual = (spec->flags & TYPEFLAG_FDUAL) != 0;
    ITypeInfo *info, *vtable_info = NULL;
    TYPEATTR *attr;
    GUID guid = spec_guid(spec->guid);
    HREFTYPE href;
    WORD mask;
    HRESULT hr;

    if (!(info = spec_type_info(typelib, "", spec->name, spec->guid, &guid, seen, count))) return;

    hr = ITypeInfo_GetTypeAttr(info, &attr);
    ok(hr == S_OK, "%s: GetTypeAttr hr %#lx.\n", spec->name, hr);
    if (FAILED(hr)) goto done;
    /* A dual interface is listed as its dispatch half; TYPEFLAG_FOLEAUTOMATION
     * shows on its vtable half only, as on Windows. */
    ok(attr->typekind == (dual ? TKIND_DISPATCH : spec->kind), "%s: kind %d, spec %d%s.\n", spec->name,
       attr->typekind, dual ? TKIND_DISPATCH : spec->kind, dual ? " (dual)" : "");
    mask = dual ? spec->flags_checked & ~TYPEFLAG_FOLEAUTOMATION : spec->flags_checked;
    ok((attr->wTypeFlags & mask) == (spec->flags & mask), "%s: type flags %#x, spec %#x of mask %#x.\n",
       spec->name, attr->wTypeFlags, spec->flags & mask, mask);
    ITypeInfo_ReleaseTypeAttr(info, attr);

    if (dual)
    {
        check_dispatch_names(spec, info);
        hr = ITypeInfo_GetRefTypeOfImplType(info, -1, &href);
        ok(hr == S_OK, "%s: no vtable half, hr %#lx.\n", spec->name, hr);
        if (SUCCEEDED(hr)) hr = ITypeInfo_GetRefTypeInfo(info, href, &vtable_info);
        if (FAILED(hr)) goto done;
    }
    else
    {
        vtable_info = info;
        ITypeInfo_AddRef(vtable_info);
    }

    hr = ITypeInfo_GetTypeAttr(vtable_info, &attr);
    ok(hr == S_OK, "%s: GetTypeAttr hr %#lx.\n", spec->name, hr);
    if (SUCCEEDED(hr))
    {
        ok(attr->typekind == spec->kind, "%s: kind %d, spec %d.\n", spec->name, attr->typekind, spec->kind);
        ok(IsEqualGUID(&attr->guid, &guid), "%s: GUID %s, spec %s.\n", spec->name, debugstr_guid(&attr->guid),
           spec->guid);
        ok((attr->wTypeFlags & spec->flags_checked) == spec->flags,
           "%s (vtable half): type flags %#x, spec %#x of mask %#x.\n", spec->name, attr->wTypeFlags,
           spec->flags, spec->flags_checked);
        check_base(spec, vtable_info, attr);
        check_members(spec, vtable_info, attr);
        ITypeInfo_ReleaseTypeAttr(vtable_info, attr);
    }
    ITypeInfo_Release(vtable_info);
done:
    ITypeInfo_Release(info);
}

static void check_coclass(ITypeLib *typelib, const struct spec_coclass *spec, BOOL *seen, UINT count)
{
    GUID guid = spec_guid(spec->guid);
    ITypeInfo *info, *ref;
    TYPEATTR *attr;
    HREFTYPE href;
    unsigned int i;
    INT flags;
    BSTR name;
    HRESULT hr;

    if (!(info = spec_type_info(typelib, "Coclass ", spec->name, spec->guid, &guid, seen, count))) return;

    hr = ITypeInfo_GetTypeAttr(info, &attr);
    ok(hr == S_OK, "%s: GetTypeAttr hr %#lx.\n", spec->name, hr);
    if (FAILED(hr)) goto done;
    ok(attr->typekind == TKIND_COCLASS, "%s: kind %d.\n", spec->name, attr->typekind);
    ok((attr->wTypeFlags & spec->flags_checked) == spec->flags, "%s: type flags %#x, spec %#x of mask %#x.\n",
       spec->name, attr->wTypeFlags, spec->flags, spec->flags_checked);
    if (!spec->flags_checked)
        trace("%s: type flags %#x (not stated by the spec).\n", spec->name, attr->wTypeFlags);
    ok(attr->cImplTypes == spec->impltype_count, "%s: %u interfaces, spec %u.\n", spec->name,
       attr->cImplTypes, spec->impltype_count);

    for (i = 0; i < spec->impltype_count && i < attr->cImplTypes; i++)
    {
        hr = ITypeInfo_GetRefTypeOfImplType(info, i, &href);
        ok(hr == S_OK, "%s: GetRefTypeOfImplType(%u) hr %#lx.\n", spec->name, i, hr);
        if (FAILED(hr) || FAILED(ITypeInfo_GetRefTypeInfo(info, href, &ref))) continue;
        name = type_name(ref);
        ok(name_is(name, spec->impltypes[i].name), "%s interface %u: %ls, spec %s.\n", spec->name, i, name,
           spec->impltypes[i].name);
        SysFreeString(name);
        ITypeInfo_Release(ref);

        flags = -1;
        hr = ITypeInfo_GetImplTypeFlags(info, i, &flags);
        ok(hr == S_OK && flags == spec->impltypes[i].flags,
           "%s interface %s: flags %#x, spec %#x (hr %#lx).\n", spec->name, spec->impltypes[i].name, flags,
           spec->impltypes[i].flags, hr);
    }
    ITypeInfo_ReleaseTypeAttr(info, attr);
done:
    ITypeInfo_Release(info);
}

static ITypeInfo *find_type_by_name(ITypeLib *typelib, const char *wanted)
{
    UINT i, count = ITypeLib_GetTypeInfoCount(typelib);
    ITypeInfo *info = NULL;
    BSTR name;

    for (i = 0; i < count && !info; i++)
    {
        if (FAILED(ITypeLib_GetDocumentation(typelib, i, &name, NULL, NULL, NULL))) continue;
        if (name_is(name, wanted)) ITypeLib_GetTypeInfo(typelib, i, &info);
        SysFreeString(name);
    }
    return info;
}

static void check_enum_values(const struct spec_enum *spec, ITypeInfo *info, const TYPEATTR *attr)
{
    unsigned int i;
    VARDESC *desc;
    BSTR name;
    LONG value;
    HRESULT hr;

    ok(attr->cVars == spec->value_count, "%s: %u values, spec %u.\n", spec->name, attr->cVars,
       spec->value_count);
    for (i = 0; i < spec->value_count && i < attr->cVars; i++)
    {
        hr = ITypeInfo_GetVarDesc(info, i, &desc);
        ok(hr == S_OK, "%s: GetVarDesc(%u) hr %#lx.\n", spec->name, i, hr);
        if (FAILED(hr)) continue;
        name = NULL;
        ITypeInfo_GetDocumentation(info, desc->memid, &name, NULL, NULL, NULL);
        value = V_VT(desc->lpvarValue) == VT_I4 || V_VT(desc->lpvarValue) == VT_INT ? V_I4(desc->lpvarValue)
                                                                                    : -999;
        ok(desc->varkind == VAR_CONST, "%s.%s: varkind %d.\n", spec->name, spec->values[i].name,
           desc->varkind);
        ok(name_is(name, spec->values[i].name) && value == spec->values[i].value,
           "%s value %u: %ls = %ld (vt %d), spec %s = %ld.\n", spec->name, i, name, value,
           V_VT(desc->lpvarValue), spec->values[i].name, spec->values[i].value);
        SysFreeString(name);
        ITypeInfo_ReleaseVarDesc(info, desc);
    }
}

static void check_enum(ITypeLib *typelib, const struct spec_enum *spec, BOOL *seen, UINT count)
{
    ITypeInfo *info, *target = NULL;
    TYPEATTR *attr;
    BSTR name;
    HRESULT hr;

    info = find_type_by_name(typelib, spec->name);
    ok(info != NULL, "No type named %s in the type library.\n", spec->name);
    if (!info) return;
    mark_seen(info, seen, count);

    hr = ITypeInfo_GetTypeAttr(info, &attr);
    ok(hr == S_OK, "%s: GetTypeAttr hr %#lx.\n", spec->name, hr);
    if (FAILED(hr)) goto done;
    if (spec->alias == SPEC_ALIAS_YES)
        ok(attr->typekind == TKIND_ALIAS, "%s: kind %d, spec an alias of a MIDL-named enum.\n", spec->name,
           attr->typekind);
    if (attr->typekind == TKIND_ALIAS)
    {
        ok(attr->tdescAlias.vt == VT_USERDEFINED, "%s: alias of vt %d.\n", spec->name, attr->tdescAlias.vt);
        if (attr->tdescAlias.vt == VT_USERDEFINED)
            ITypeInfo_GetRefTypeInfo(info, attr->tdescAlias.hreftype, &target);
    }
    else
    {
        target = info;
        ITypeInfo_AddRef(target);
    }
    ITypeInfo_ReleaseTypeAttr(info, attr);
    if (!target) goto done;

    if (target != info)
    {
        mark_seen(target, seen, count);
        name = type_name(target);
        trace("%s is an alias of %ls.\n", spec->name, name);
        SysFreeString(name);
    }
    hr = ITypeInfo_GetTypeAttr(target, &attr);
    ok(hr == S_OK, "%s: GetTypeAttr hr %#lx.\n", spec->name, hr);
    if (SUCCEEDED(hr))
    {
        ok(attr->typekind == TKIND_ENUM, "%s: kind %d, spec an enum.\n", spec->name, attr->typekind);
        check_enum_values(spec, target, attr);
        ITypeInfo_ReleaseTypeAttr(target, attr);
    }
    ITypeInfo_Release(target);
done:
    ITypeInfo_Release(info);
}

/* Every type in the library is one the spec lists. */
static void check_no_extra_types(const struct spec_library *spec, ITypeLib *typelib, const BOOL *seen,
                                 UINT count)
{
    TYPEKIND kind;
    UINT i;
    BSTR name;

    for (i = 0; i < count; i++)
    {
        if (seen[i]) continue;
        name = NULL;
        ITypeLib_GetDocumentation(typelib, i, &name, NULL, NULL, NULL);
        ITypeLib_GetTypeInfoType(typelib, i, &kind);
        ok(0, "Library %s: type %u, %ls (kind %d), is not in the spec.\n", spec->name, i, name, kind);
        SysFreeString(name);
    }
}

static void check_library(const struct spec_library *spec)
{
    GUID libid = spec_guid(spec->guid);
    WCHAR path[MAX_PATH + 8];
    ITypeLib *typelib;
    TLIBATTR *attr;
    BSTR name = NULL, doc = NULL;
    BOOL *seen;
    UINT i, count;
    HRESULT hr;

    wcscpy(path, dll_path);
    wcscat(path, L"\\");
    MultiByteToWideChar(CP_ACP, 0, spec->resource, -1, path + wcslen(path), 8);
    hr = LoadTypeLibEx(path, REGKIND_NONE, &typelib);
    ok(hr == S_OK, "LoadTypeLibEx(%ls) hr %#lx.\n", path, hr);
    if (FAILED(hr)) return;

    hr = ITypeLib_GetLibAttr(typelib, &attr);
    ok(hr == S_OK, "GetLibAttr hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        /* widl has been seen writing a wrong LIBID for some IDL layouts. */
        ok(IsEqualGUID(&attr->guid, &libid), "TYPELIB %s: LIBID %s, spec %s.\n", spec->resource,
           debugstr_guid(&attr->guid), spec->guid);
        ok(attr->wMajorVerNum == spec->major && attr->wMinorVerNum == spec->minor,
           "TYPELIB %s: version %u.%u, spec %u.%u.\n", spec->resource, attr->wMajorVerNum, attr->wMinorVerNum,
           spec->major, spec->minor);
        ok(attr->lcid == spec->lcid, "TYPELIB %s: LCID %#lx, spec %#lx.\n", spec->resource, attr->lcid,
           spec->lcid);
        ok(attr->syskind == (dll_pointer_size == 8 ? SYS_WIN64 : SYS_WIN32),
           "TYPELIB %s: syskind %d for a %u-bit DLL.\n", spec->resource, attr->syskind, dll_pointer_size * 8);
        ITypeLib_ReleaseTLibAttr(typelib, attr);
    }
    hr = ITypeLib_GetDocumentation(typelib, MEMBERID_NIL, &name, &doc, NULL, NULL);
    ok(hr == S_OK, "GetDocumentation(library) hr %#lx.\n", hr);
    ok(name_is(name, spec->name), "TYPELIB %s: library %ls, spec %s.\n", spec->resource, name, spec->name);
    ok(name_is(doc, spec->helpstring), "TYPELIB %s: help string \"%ls\", spec \"%s\".\n", spec->resource, doc,
       spec->helpstring);
    SysFreeString(name);
    SysFreeString(doc);

    count = ITypeLib_GetTypeInfoCount(typelib);
    seen = calloc(count + 1, sizeof(*seen));
    for (i = 0; i < spec->interface_count; i++)
        check_interface(typelib, &spec->interfaces[i], seen, count);
    for (i = 0; i < spec->coclass_count; i++)
        check_coclass(typelib, &spec->coclasses[i], seen, count);
    for (i = 0; i < spec->enum_count; i++)
        check_enum(typelib, &spec->enums[i], seen, count);
    check_no_extra_types(spec, typelib, seen, count);
    free(seen);
    ITypeLib_Release(typelib);
}

static const char *spec_guid_of(const char *name)
{
    unsigned int i, j;

    for (i = 0; i < ARRAY_COUNT(libraries); i++)
    {
        const struct spec_library *lib = libraries[i];

        if (!strcmp(lib->name, name)) return lib->guid;
        for (j = 0; j < lib->interface_count; j++)
            if (!strcmp(lib->interfaces[j].name, name)) return lib->interfaces[j].guid;
        for (j = 0; j < lib->coclass_count; j++)
            if (!strcmp(lib->coclasses[j].name, name)) return lib->coclasses[j].guid;
    }
    return NULL;
}

/* The LIBID_, IID_, DIID_ and CLSID_ definitions that widl wrote into the
 * _i.c files, which the DLL and every C client link. */
static void test_header_guids(void)
{
    unsigned int i;

    for (i = 0; i < ARRAY_COUNT(header_guids); i++)
    {
        const char *expected = spec_guid_of(header_guids[i].name);
        GUID guid;

        ok(expected != NULL, "%s is not in the spec table.\n", header_guids[i].name);
        if (!expected) continue;
        guid = spec_guid(expected);
        ok(IsEqualGUID(header_guids[i].guid, &guid), "Generated GUID of %s is %s, spec %s.\n",
           header_guids[i].name, debugstr_guid(header_guids[i].guid), expected);
    }
}

static void test_typelibs(void)
{
    unsigned int i;

    for (i = 0; i < ARRAY_COUNT(libraries); i++)
        check_library(libraries[i]);
}

static void test_exports(void)
{
    static const char *const names[] = {"DllGetClassObject", "DllCanUnloadNow", "DllRegisterServer",
                                        "DllUnregisterServer", "DllInstall"};
    HMODULE module;
    unsigned int i;

    if (dll_pointer_size != sizeof(void *))
    {
        skip("A %u-bit process cannot load a %u-bit DLL; tests/abi/pe-check.sh checks its exports.\n",
             (unsigned int)sizeof(void *) * 8, dll_pointer_size * 8);
        return;
    }
    module = LoadLibraryW(dll_path);
    ok(module != NULL, "LoadLibrary(%ls) error %lu.\n", dll_path, GetLastError());
    if (!module) return;
    for (i = 0; i < ARRAY_COUNT(names); i++)
        ok(GetProcAddress(module, names[i]) != NULL, "Export %s missing.\n", names[i]);
    FreeLibrary(module);
}

/* Reads the machine type from the PE header, so that the i686 DLL's type
 * libraries can be checked by the x86_64 program too. */
static BOOL read_dll_pointer_size(void)
{
    IMAGE_DOS_HEADER dos;
    IMAGE_FILE_HEADER file;
    DWORD signature, size;
    HANDLE handle;
    BOOL read;

    handle = CreateFileW(dll_path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(handle != INVALID_HANDLE_VALUE, "Cannot open %ls, error %lu.\n", dll_path, GetLastError());
    if (handle == INVALID_HANDLE_VALUE) return FALSE;
    read = ReadFile(handle, &dos, sizeof(dos), &size, NULL) && size == sizeof(dos) &&
           dos.e_magic == IMAGE_DOS_SIGNATURE &&
           SetFilePointer(handle, dos.e_lfanew, NULL, FILE_BEGIN) != INVALID_SET_FILE_POINTER &&
           ReadFile(handle, &signature, sizeof(signature), &size, NULL) && signature == IMAGE_NT_SIGNATURE &&
           ReadFile(handle, &file, sizeof(file), &size, NULL) && size == sizeof(file);
    CloseHandle(handle);
    ok(read, "%ls is not a PE file.\n", dll_path);
    if (!read) return FALSE;
    ok(file.Machine == IMAGE_FILE_MACHINE_AMD64 || file.Machine == IMAGE_FILE_MACHINE_I386,
       "%ls: machine %#x.\n", dll_path, file.Machine);
    dll_pointer_size = file.Machine == IMAGE_FILE_MACHINE_AMD64 ? 8 : 4;
    return TRUE;
}

int main(int argc, char **argv)
{
    WCHAR *slash;

    if (argc > 1)
        MultiByteToWideChar(CP_ACP, 0, argv[1], -1, dll_path, ARRAY_COUNT(dll_path));
    else
    {
        GetModuleFileNameW(NULL, dll_path, ARRAY_COUNT(dll_path));
        if ((slash = wcsrchr(dll_path, '\\'))) slash[1] = 0;
        wcscat(dll_path, L"msgsc.dll");
    }
    trace("Checking %ls.\n", dll_path);

    test_header_guids();
    if (read_dll_pointer_size())
    {
        test_typelibs();
        test_exports();
    }
    return test_summary();
}
