/*
 * Self-registration: the classes, the ProgIDs, the type library and its
 * interfaces, machine-wide or per user, with an exact undo.
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

#include "msgsc_private.h"

/* The type library keys are written by hand rather than by RegisterTypeLib:
 * it always writes HKLM (Wine's RegisterTypeLibForUser too), so it can
 * neither do a per-user install nor be rolled back value by value. */

/* The system's proxy/stub classes: the type library marshaler (dual and
 * oleautomation interfaces) and the IDispatch proxy (dispinterfaces). */
static const GUID CLSID_PSOAInterface = {0x00020424, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID CLSID_PSDispatch = {0x00020420, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};

#ifdef _WIN64
#define TYPELIB_PLATFORM L"0\\win64"
#else
#define TYPELIB_PLATFORM L"0\\win32"
#endif

enum reg_data
{
    REG_DATA_TEXT,       /* text */
    REG_DATA_GUID,       /* guid, as "{...}" */
    REG_DATA_MODULE,     /* the full path of this DLL */
    REG_DATA_MODULE_DIR, /* its folder */
    REG_DATA_SERVER,     /* the local server's command line, rundll32 running ComServer */
};

/* One value this DLL writes, in Software\Classes of HKLM or HKCU.  Its key
 * is parent\{key_guid}\subkey, or subkey alone when key_guid is NULL.
 * parent is a shared container that is never created or deleted here;
 * everything below it belongs to us. */
struct reg_value
{
    const WCHAR *parent;
    const GUID *key_guid;
    const WCHAR *subkey;
    const WCHAR *name; /* NULL: the default value */
    enum reg_data data;
    const WCHAR *text;
    const GUID *guid;
};

/* The one table both registration and unregistration walk.  IMsgrLock is
 * [oleautomation] in the type library (spec 1.1), so RegisterTypeLib would
 * register it with the type library marshaler; we do the same, which lets
 * it cross apartments.  MsgrSession is registered (type library, threading)
 * although its factory refuses (spec Q15), so it has no ProgID.  Both
 * classes have a LocalServer32 as well as an InprocServer32, so that
 * CLSCTX_LOCAL_SERVER callers, like the documentation's sample, are served
 * too (spec Q3, src/com/server.c). */
static const struct reg_value reg_values[] = {
    {L"CLSID", &CLSID_MsgrSessionManager, NULL, NULL, REG_DATA_TEXT, L"MsgrSessionManager", NULL},
    {L"CLSID", &CLSID_MsgrSessionManager, L"InprocServer32", NULL, REG_DATA_MODULE, NULL, NULL},
    {L"CLSID", &CLSID_MsgrSessionManager, L"InprocServer32", L"ThreadingModel", REG_DATA_TEXT, L"Apartment",
     NULL},
    {L"CLSID", &CLSID_MsgrSessionManager, L"LocalServer32", NULL, REG_DATA_SERVER, NULL, NULL},
    {L"CLSID", &CLSID_MsgrSessionManager, L"ProgID", NULL, REG_DATA_TEXT, MANAGER_PROGID, NULL},
    {L"CLSID", &CLSID_MsgrSessionManager, L"VersionIndependentProgID", NULL, REG_DATA_TEXT, MANAGER_VI_PROGID,
     NULL},
    {L"CLSID", &CLSID_MsgrSessionManager, L"TypeLib", NULL, REG_DATA_GUID, NULL, &LIBID_MessengerPrivate},
    {L"CLSID", &CLSID_MsgrSessionManager, L"Version", NULL, REG_DATA_TEXT, L"1.0", NULL},

    {L"CLSID", &CLSID_MsgrSession, NULL, NULL, REG_DATA_TEXT, L"MsgrSession", NULL},
    {L"CLSID", &CLSID_MsgrSession, L"InprocServer32", NULL, REG_DATA_MODULE, NULL, NULL},
    {L"CLSID", &CLSID_MsgrSession, L"InprocServer32", L"ThreadingModel", REG_DATA_TEXT, L"Apartment", NULL},
    {L"CLSID", &CLSID_MsgrSession, L"LocalServer32", NULL, REG_DATA_SERVER, NULL, NULL},
    {L"CLSID", &CLSID_MsgrSession, L"TypeLib", NULL, REG_DATA_GUID, NULL, &LIBID_MessengerPrivate},
    {L"CLSID", &CLSID_MsgrSession, L"Version", NULL, REG_DATA_TEXT, L"1.0", NULL},

    {L"", NULL, MANAGER_PROGID, NULL, REG_DATA_TEXT, L"MsgrSessionManager", NULL},
    {L"", NULL, MANAGER_PROGID L"\\CLSID", NULL, REG_DATA_GUID, NULL, &CLSID_MsgrSessionManager},
    {L"", NULL, MANAGER_VI_PROGID, NULL, REG_DATA_TEXT, L"MsgrSessionManager", NULL},
    {L"", NULL, MANAGER_VI_PROGID L"\\CLSID", NULL, REG_DATA_GUID, NULL, &CLSID_MsgrSessionManager},
    {L"", NULL, MANAGER_VI_PROGID L"\\CurVer", NULL, REG_DATA_TEXT, MANAGER_PROGID, NULL},

    {L"TypeLib", &LIBID_MessengerPrivate, L"1.0", NULL, REG_DATA_TEXT, L"Messenger Private Type Library",
     NULL},
    {L"TypeLib", &LIBID_MessengerPrivate, L"1.0\\FLAGS", NULL, REG_DATA_TEXT, L"0", NULL},
    {L"TypeLib", &LIBID_MessengerPrivate, L"1.0\\HELPDIR", NULL, REG_DATA_MODULE_DIR, NULL, NULL},
    /* The library is resource TYPELIB 1 of the DLL, which LoadTypeLib finds
     * from the bare module path. */
    {L"TypeLib", &LIBID_MessengerPrivate, L"1.0\\" TYPELIB_PLATFORM, NULL, REG_DATA_MODULE, NULL, NULL},

    {L"Interface", &IID_IMsgrSessionManager, NULL, NULL, REG_DATA_TEXT, L"IMsgrSessionManager", NULL},
    {L"Interface", &IID_IMsgrSessionManager, L"ProxyStubClsid", NULL, REG_DATA_GUID, NULL,
     &CLSID_PSOAInterface},
    {L"Interface", &IID_IMsgrSessionManager, L"ProxyStubClsid32", NULL, REG_DATA_GUID, NULL,
     &CLSID_PSOAInterface},
    {L"Interface", &IID_IMsgrSessionManager, L"TypeLib", NULL, REG_DATA_GUID, NULL, &LIBID_MessengerPrivate},
    {L"Interface", &IID_IMsgrSessionManager, L"TypeLib", L"Version", REG_DATA_TEXT, L"1.0", NULL},

    {L"Interface", &IID_IMsgrSession, NULL, NULL, REG_DATA_TEXT, L"IMsgrSession", NULL},
    {L"Interface", &IID_IMsgrSession, L"ProxyStubClsid", NULL, REG_DATA_GUID, NULL, &CLSID_PSOAInterface},
    {L"Interface", &IID_IMsgrSession, L"ProxyStubClsid32", NULL, REG_DATA_GUID, NULL, &CLSID_PSOAInterface},
    {L"Interface", &IID_IMsgrSession, L"TypeLib", NULL, REG_DATA_GUID, NULL, &LIBID_MessengerPrivate},
    {L"Interface", &IID_IMsgrSession, L"TypeLib", L"Version", REG_DATA_TEXT, L"1.0", NULL},

    {L"Interface", &IID_IMsgrLock, NULL, NULL, REG_DATA_TEXT, L"IMsgrLock", NULL},
    {L"Interface", &IID_IMsgrLock, L"ProxyStubClsid", NULL, REG_DATA_GUID, NULL, &CLSID_PSOAInterface},
    {L"Interface", &IID_IMsgrLock, L"ProxyStubClsid32", NULL, REG_DATA_GUID, NULL, &CLSID_PSOAInterface},
    {L"Interface", &IID_IMsgrLock, L"TypeLib", NULL, REG_DATA_GUID, NULL, &LIBID_MessengerPrivate},
    {L"Interface", &IID_IMsgrLock, L"TypeLib", L"Version", REG_DATA_TEXT, L"1.0", NULL},

    {L"Interface", &DIID_DMsgrSessionManagerEvents, NULL, NULL, REG_DATA_TEXT, L"DMsgrSessionManagerEvents",
     NULL},
    {L"Interface", &DIID_DMsgrSessionManagerEvents, L"ProxyStubClsid", NULL, REG_DATA_GUID, NULL,
     &CLSID_PSDispatch},
    {L"Interface", &DIID_DMsgrSessionManagerEvents, L"ProxyStubClsid32", NULL, REG_DATA_GUID, NULL,
     &CLSID_PSDispatch},
    {L"Interface", &DIID_DMsgrSessionManagerEvents, L"TypeLib", NULL, REG_DATA_GUID, NULL,
     &LIBID_MessengerPrivate},
    {L"Interface", &DIID_DMsgrSessionManagerEvents, L"TypeLib", L"Version", REG_DATA_TEXT, L"1.0", NULL},

    {L"Interface", &DIID_DMsgrSessionEvents, NULL, NULL, REG_DATA_TEXT, L"DMsgrSessionEvents", NULL},
    {L"Interface", &DIID_DMsgrSessionEvents, L"ProxyStubClsid", NULL, REG_DATA_GUID, NULL, &CLSID_PSDispatch},
    {L"Interface", &DIID_DMsgrSessionEvents, L"ProxyStubClsid32", NULL, REG_DATA_GUID, NULL,
     &CLSID_PSDispatch},
    {L"Interface", &DIID_DMsgrSessionEvents, L"TypeLib", NULL, REG_DATA_GUID, NULL, &LIBID_MessengerPrivate},
    {L"Interface", &DIID_DMsgrSessionEvents, L"TypeLib", L"Version", REG_DATA_TEXT, L"1.0", NULL},
};

static const WCHAR classes_path[] = L"Software\\Classes";

#define REG_PATH_CHARS 256
#define REG_DATA_CHARS 1024 /* module paths longer than this are refused */

/* Test hook (docs/registration.md): MSGSC_TEST_REGISTRY_FAIL_AT=<n> makes
 * the n-th key creation or value write of one registration call fail. */
struct write_budget
{
    unsigned long count;
    unsigned long fail_at;
};

static void init_write_budget(struct write_budget *budget)
{
    WCHAR buffer[16];
    DWORD len = GetEnvironmentVariableW(L"MSGSC_TEST_REGISTRY_FAIL_AT", buffer, ARRAY_SIZE(buffer));

    budget->count = 0;
    budget->fail_at = len && len < ARRAY_SIZE(buffer) ? wcstoul(buffer, NULL, 10) : 0;
}

static BOOL write_allowed(struct write_budget *budget)
{
    if (++budget->count != budget->fail_at) return TRUE;
    WARN("Failing registry write %lu on request.\n", budget->count);
    return FALSE;
}

/* Writes the key path of value into path.  *owned receives the offset where
 * our part starts (after the shared parent). */
static HRESULT value_key_path(const struct reg_value *value, WCHAR path[REG_PATH_CHARS], size_t *owned)
{
    WCHAR guid[CORE_GUID_CHARS + 1];
    int len;

    if (!value->key_guid)
    {
        *owned = 0;
        len = _snwprintf(path, REG_PATH_CHARS, L"%ls", value->subkey);
    }
    else
    {
        StringFromGUID2(value->key_guid, guid, ARRAY_SIZE(guid));
        *owned = wcslen(value->parent) + 1;
        len = _snwprintf(path, REG_PATH_CHARS, value->subkey ? L"%ls\\%ls\\%ls" : L"%ls\\%ls", value->parent,
                         guid, value->subkey);
    }
    return len < 0 || len >= REG_PATH_CHARS ? HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE) : S_OK;
}

static HRESULT module_path(WCHAR *data, DWORD chars)
{
    DWORD len = GetModuleFileNameW(msgsc_instance, data, chars);

    if (!len) return HRESULT_FROM_WIN32(GetLastError());
    return len >= chars ? HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE) : S_OK;
}

/* "<system>\rundll32.exe" "<module>",ComServer: the rundll32 of this DLL's
 * own architecture, so each registry view starts its own DLL.  A 32-bit
 * DLL names SysWOW64's where there is one, because on 64-bit Windows the
 * process that starts local servers is 64-bit, and the rundll32 it finds
 * in System32 could not load a 32-bit DLL. */
static HRESULT server_command(WCHAR data[REG_DATA_CHARS])
{
    WCHAR system[MAX_PATH], module[REG_DATA_CHARS];
    UINT len = 0;
    HRESULT hr;
    int written;

#ifndef _WIN64
    len = GetSystemWow64DirectoryW(system, ARRAY_SIZE(system));
#endif
    if (!len) len = GetSystemDirectoryW(system, ARRAY_SIZE(system));
    if (!len) return HRESULT_FROM_WIN32(GetLastError());
    if (len >= ARRAY_SIZE(system)) return HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE);
    if (FAILED(hr = module_path(module, ARRAY_SIZE(module)))) return hr;
    written = _snwprintf(data, REG_DATA_CHARS, L"\"%ls\\rundll32.exe\" \"%ls\",ComServer", system, module);
    return written < 0 || written >= REG_DATA_CHARS ? HRESULT_FROM_WIN32(ERROR_FILENAME_EXCED_RANGE) : S_OK;
}

/* The data value writes, as text. */
static HRESULT value_data(const struct reg_value *value, WCHAR data[REG_DATA_CHARS])
{
    WCHAR *slash;
    HRESULT hr;

    switch (value->data)
    {
    case REG_DATA_TEXT: lstrcpynW(data, value->text, REG_DATA_CHARS); return S_OK;
    case REG_DATA_GUID: StringFromGUID2(value->guid, data, REG_DATA_CHARS); return S_OK;
    case REG_DATA_MODULE: return module_path(data, REG_DATA_CHARS);
    case REG_DATA_MODULE_DIR:
        if (FAILED(hr = module_path(data, REG_DATA_CHARS))) return hr;
        if ((slash = wcsrchr(data, '\\'))) *slash = 0;
        return S_OK;
    case REG_DATA_SERVER: return server_command(data);
    }
    return E_UNEXPECTED;
}

/* Registration keeps a log of what it changed, so a failure can put back
 * exactly what was there before: keys it created, and each value's prior
 * contents (or its absence). */
struct undo_entry
{
    WCHAR path[REG_PATH_CHARS]; /* the key */
    const WCHAR *name;          /* the value; unused for a created key */
    BOOL is_key;
    BOOL existed; /* the value existed, with these type and data */
    DWORD type;
    BYTE *old; /* malloc'd */
    DWORD size;
};

struct undo_log
{
    HKEY root;
    struct undo_entry *entries;
    size_t count, capacity;
};

static struct undo_entry *undo_add(struct undo_log *log)
{
    struct undo_entry *entries;
    size_t capacity;

    if (log->count == log->capacity)
    {
        capacity = log->capacity ? log->capacity * 2 : 32;
        if (!(entries = realloc(log->entries, capacity * sizeof(*entries)))) return NULL;
        log->entries = entries;
        log->capacity = capacity;
    }
    memset(&log->entries[log->count], 0, sizeof(log->entries[0]));
    return &log->entries[log->count++];
}

/* Undoes the log in reverse order and empties it. */
static void undo_rollback(struct undo_log *log)
{
    HKEY key;
    LSTATUS ret;

    while (log->count)
    {
        struct undo_entry *entry = &log->entries[--log->count];

        if (entry->is_key)
            ret = RegDeleteKeyW(log->root, entry->path);
        else if (!(ret = RegOpenKeyExW(log->root, entry->path, 0, KEY_SET_VALUE, &key)))
        {
            if (!entry->existed)
                ret = RegDeleteValueW(key, entry->name);
            else
                ret = RegSetValueExW(key, entry->name, 0, entry->type, entry->old, entry->size);
            RegCloseKey(key);
        }
        if (ret)
            ERR("Could not undo %s\\%s, error %ld.\n", debugstr_w(entry->path), debugstr_w(entry->name), ret);
        free(entry->old);
    }
}

static void undo_free(struct undo_log *log)
{
    while (log->count)
        free(log->entries[--log->count].old);
    free(log->entries);
}

/* Opens path under the root, creating it one level at a time so that each
 * key this call creates is logged. */
static HRESULT create_key(struct undo_log *log, struct write_budget *budget, const WCHAR *path, HKEY *out)
{
    struct undo_entry *entry;
    HKEY parent = log->root, key;
    const WCHAR *end = path;
    WCHAR component[REG_PATH_CHARS];
    DWORD disposition;
    LSTATUS ret;

    do
    {
        const WCHAR *start = end;

        end = wcschr(start, '\\');
        if (!end) end = start + wcslen(start);
        lstrcpynW(component, start, end - start + 1);
        if (!write_allowed(budget))
            ret = ERROR_ACCESS_DENIED;
        else
            ret = RegCreateKeyExW(parent, component, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, &disposition);
        if (parent != log->root) RegCloseKey(parent);
        if (ret) return HRESULT_FROM_WIN32(ret);
        parent = key;
        if (disposition != REG_CREATED_NEW_KEY) continue;
        if (!(entry = undo_add(log)))
        {
            RegCloseKey(key);
            return E_OUTOFMEMORY;
        }
        entry->is_key = TRUE;
        lstrcpynW(entry->path, path, end - path + 1);
    } while (*end++);
    *out = parent;
    return S_OK;
}

/* Logs the prior contents of the value, then writes it. */
static HRESULT set_value(struct undo_log *log, struct write_budget *budget, HKEY key, const WCHAR *path,
                         const WCHAR *name, const WCHAR *data)
{
    struct undo_entry *entry;
    DWORD size = 0, type = REG_NONE;
    BYTE *old = NULL;
    LSTATUS ret;

    ret = RegQueryValueExW(key, name, NULL, &type, NULL, &size);
    if (ret && ret != ERROR_FILE_NOT_FOUND) return HRESULT_FROM_WIN32(ret);
    if (!ret && size && !(old = malloc(size))) return E_OUTOFMEMORY;
    if (!ret && (ret = RegQueryValueExW(key, name, NULL, &type, old, &size)))
    {
        free(old);
        return HRESULT_FROM_WIN32(ret);
    }
    if (!(entry = undo_add(log)))
    {
        free(old);
        return E_OUTOFMEMORY;
    }
    lstrcpynW(entry->path, path, REG_PATH_CHARS);
    entry->name = name;
    entry->existed = ret == ERROR_SUCCESS;
    entry->type = type;
    entry->old = old;
    entry->size = size;

    if (!write_allowed(budget)) return HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED);
    ret = RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)data, (wcslen(data) + 1) * sizeof(WCHAR));
    return HRESULT_FROM_WIN32(ret);
}

static HRESULT register_server(HKEY hive)
{
    WCHAR path[REG_PATH_CHARS], data[REG_DATA_CHARS];
    struct write_budget budget;
    struct undo_log log = {0};
    size_t i, owned;
    HRESULT hr = S_OK;
    LSTATUS ret;
    HKEY key;

    init_write_budget(&budget);
    if ((ret = RegCreateKeyExW(hive, classes_path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &log.root, NULL)))
        return HRESULT_FROM_WIN32(ret);

    for (i = 0; i < ARRAY_SIZE(reg_values) && SUCCEEDED(hr); i++)
    {
        const struct reg_value *value = &reg_values[i];

        if (FAILED(hr = value_key_path(value, path, &owned)) || FAILED(hr = value_data(value, data))) break;
        if (FAILED(hr = create_key(&log, &budget, path, &key))) break;
        hr = set_value(&log, &budget, key, path, value->name, data);
        RegCloseKey(key);
    }

    if (FAILED(hr))
    {
        WARN("Registration failed, hr %#lx; rolling back.\n", hr);
        undo_rollback(&log);
    }
    undo_free(&log);
    RegCloseKey(log.root);
    return hr;
}

enum key_state
{
    KEY_MISSING,
    KEY_EMPTY,
    KEY_USED,
};

static enum key_state get_key_state(HKEY root, const WCHAR *path)
{
    DWORD subkeys, values;
    enum key_state state = KEY_USED;
    LSTATUS ret;
    HKEY key;

    if ((ret = RegOpenKeyExW(root, path, 0, KEY_QUERY_VALUE, &key)))
        return ret == ERROR_FILE_NOT_FOUND ? KEY_MISSING : KEY_USED;
    if (!RegQueryInfoKeyW(key, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, NULL, NULL, NULL, NULL) &&
        !subkeys && !values)
        state = KEY_EMPTY;
    RegCloseKey(key);
    return state;
}

/* The values both registry views share, on Windows and in Wine: the
 * ProgIDs and those of the type library's version key (its win32 or win64
 * subkey is each architecture's own). */
static BOOL shared_by_views(const struct reg_value *value)
{
    return !value->key_guid ||
           (!wcscmp(value->parent, L"TypeLib") && wcscmp(value->subkey, L"1.0\\" TYPELIB_PLATFORM));
}

/* Whether the other architecture's msgsc.dll is registered in the other
 * registry view of hive (side by side): its InprocServer32 names another
 * module than this one.  Where there is one view, it names this one. */
static BOOL other_view_registered(HKEY hive)
{
    const struct reg_value *server = &reg_values[1]; /* the manager's InprocServer32 */
    REGSAM other_view = sizeof(void *) == 8 ? KEY_WOW64_32KEY : KEY_WOW64_64KEY;
    WCHAR path[REG_PATH_CHARS], full[REG_PATH_CHARS + ARRAY_SIZE(classes_path)], ours[MAX_PATH],
        theirs[MAX_PATH];
    DWORD size = sizeof(theirs) - sizeof(WCHAR);
    size_t owned;
    HKEY key;
    BOOL other;

    if (FAILED(value_key_path(server, path, &owned)) || FAILED(module_path(ours, ARRAY_SIZE(ours))))
        return FALSE;
    swprintf(full, ARRAY_SIZE(full), L"%ls\\%ls", classes_path, path);
    if (RegOpenKeyExW(hive, full, 0, KEY_QUERY_VALUE | other_view, &key)) return FALSE;
    memset(theirs, 0, sizeof(theirs));
    other = !RegQueryValueExW(key, NULL, NULL, NULL, (BYTE *)theirs, &size) && wcsicmp(theirs, ours);
    RegCloseKey(key);
    return other;
}

/* Deletes our values in reverse table order; after each, removes the keys
 * of its path that became empty, deepest first, down to the shared parent.
 * A key that keeps anything not ours (a foreign value or subkey) stays, and
 * so do the values both views share while the other architecture's DLL is
 * registered. */
static HRESULT unregister_server(HKEY hive)
{
    WCHAR path[REG_PATH_CHARS], *slash;
    HRESULT hr, result = S_OK;
    size_t i = ARRAY_SIZE(reg_values), owned;
    enum key_state state;
    LSTATUS ret;
    HKEY root, key;

    BOOL keep_shared = other_view_registered(hive);

    if ((ret = RegOpenKeyExW(hive, classes_path, 0, KEY_ALL_ACCESS, &root)))
        return ret == ERROR_FILE_NOT_FOUND ? S_OK : HRESULT_FROM_WIN32(ret);
    if (keep_shared) TRACE("The other architecture's msgsc.dll is registered: the shared keys stay.\n");

    while (i--)
    {
        const struct reg_value *value = &reg_values[i];

        if (keep_shared && shared_by_views(value)) continue;

        if (FAILED(hr = value_key_path(value, path, &owned)))
        {
            result = hr;
            continue;
        }
        if (!(ret = RegOpenKeyExW(root, path, 0, KEY_SET_VALUE, &key)))
        {
            ret = RegDeleteValueW(key, value->name);
            RegCloseKey(key);
        }
        if (ret && ret != ERROR_FILE_NOT_FOUND) result = HRESULT_FROM_WIN32(ret);

        /* Missing levels are passed over: an interrupted run of another
         * version may have left only some of them. */
        for (;;)
        {
            state = get_key_state(root, path);
            if (state == KEY_USED) break;
            if (state == KEY_EMPTY && (ret = RegDeleteKeyW(root, path))) result = HRESULT_FROM_WIN32(ret);
            if (!(slash = wcsrchr(path + owned, '\\'))) break;
            *slash = 0;
        }
    }
    RegCloseKey(root);
    return result;
}

/***********************************************************************
 *              DllRegisterServer (msgsc.@)
 */
HRESULT WINAPI DllRegisterServer(void)
{
    TRACE(".\n");
    return register_server(HKEY_LOCAL_MACHINE);
}

/***********************************************************************
 *              DllUnregisterServer (msgsc.@)
 */
HRESULT WINAPI DllUnregisterServer(void)
{
    TRACE(".\n");
    return unregister_server(HKEY_LOCAL_MACHINE);
}

/***********************************************************************
 *              DllInstall (msgsc.@)
 *
 * "user" (regsvr32 /n /i:user) registers under HKEY_CURRENT_USER, which
 * needs no administrator rights; an empty or NULL command line means the
 * machine, like DllRegisterServer.
 */
HRESULT WINAPI DllInstall(BOOL install, const WCHAR *cmdline)
{
    HKEY hive;

    TRACE("%d, %s.\n", install, debugstr_w(cmdline));

    if (!cmdline || !*cmdline)
        hive = HKEY_LOCAL_MACHINE;
    else if (!wcsicmp(cmdline, L"user"))
        hive = HKEY_CURRENT_USER;
    else
        return E_INVALIDARG;
    return install ? register_server(hive) : unregister_server(hive);
}
