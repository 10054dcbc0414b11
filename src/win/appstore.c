/*
 * The registered applications (spec 4.1): Apps\{GUID} keys with the Name,
 * URL and Path strings, in HKLM and HKCU, 32-bit registry view.
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

#include "platform.h"
#include "appstore.h"

/* Always the 32-bit view, so 32-bit and 64-bit clients and old installers
 * that wrote the key by hand share one list (spec 4.1). */
static const WCHAR apps_path[] = L"Software\\Microsoft\\MessengerService\\SessionManager\\Apps";
#define APPS_VIEW KEY_WOW64_32KEY

/* Lookup order: the machine's list first, then the user's (where a
 * non-administrator's registration lands, see appstore_register). */
static const HKEY app_hives[] = {HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER};

/* The value names are the spec's recommendation (Q1); kept here only. */
static const WCHAR name_value[] = L"Name";
static const WCHAR url_value[] = L"URL";
static const WCHAR path_value[] = L"Path";

/* A normalized GUID as UTF-16, for key names. */
static enum core_status guid_key_name(const char *guid, WCHAR name[CORE_GUID_CHARS + 1])
{
    char normalized[CORE_GUID_CHARS + 1];
    enum core_status status;

    if ((status = core_guid_normalize(guid, normalized)) < 0) return CORE_E_BAD_GUID;
    MultiByteToWideChar(CP_UTF8, 0, normalized, -1, name, CORE_GUID_CHARS + 1);
    return CORE_OK;
}

/* UTF-8 to UTF-16 into a buffer of max_chars + 1; CORE_E_INVALIDARG for
 * NULL, invalid UTF-8 or more than max_chars units. */
static enum core_status wide_from_utf8(const char *str, WCHAR *out, size_t max_chars)
{
    if (!str) return CORE_E_INVALIDARG;
    if (!*str)
    {
        *out = 0;
        return CORE_OK;
    }
    if (!MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, str, -1, out, max_chars + 1))
        return CORE_E_INVALIDARG;
    return CORE_OK;
}

/* Reads one REG_SZ value of at most max_chars into a malloc'd UTF-8 string.
 * A missing value reads as "" (hand-written entries may omit the URL);
 * another type or a longer string makes the entry unusable. */
static enum core_status read_string(HKEY key, const WCHAR *name, size_t max_chars, char **out)
{
    WCHAR buffer[CORE_APP_PATH_MAX_CHARS + 2];
    DWORD type = REG_NONE, size = (max_chars + 1) * sizeof(WCHAR);
    LSTATUS ret;
    int len;

    *out = NULL;
    ret = RegQueryValueExW(key, name, NULL, &type, (BYTE *)buffer, &size);
    if (ret == ERROR_FILE_NOT_FOUND)
        size = 0;
    else if (ret || type != REG_SZ)
    {
        WARN("Value %s unusable, error %ld, type %lu.\n", debugstr_w(name), ret, type);
        return CORE_E_APP_NOT_REGISTERED;
    }
    /* The stored string may or may not carry its terminator. */
    size /= sizeof(WCHAR);
    if (size && !buffer[size - 1]) size--;
    if (size > max_chars)
    {
        WARN("Value %s is longer than %lu characters.\n", debugstr_w(name), (unsigned long)max_chars);
        return CORE_E_APP_NOT_REGISTERED;
    }
    buffer[size] = 0;

    len = WideCharToMultiByte(CP_UTF8, 0, buffer, -1, NULL, 0, NULL, NULL);
    if (!(*out = malloc(len))) return CORE_E_OUTOFMEMORY;
    WideCharToMultiByte(CP_UTF8, 0, buffer, -1, *out, len, NULL, NULL);
    return CORE_OK;
}

static LSTATUS open_app(HKEY hive, const WCHAR *guid, REGSAM access, HKEY *key)
{
    HKEY apps;
    LSTATUS ret;

    if ((ret = RegOpenKeyExW(hive, apps_path, 0, KEY_ENUMERATE_SUB_KEYS | APPS_VIEW, &apps))) return ret;
    ret = RegOpenKeyExW(apps, guid, 0, access | APPS_VIEW, key);
    RegCloseKey(apps);
    return ret;
}

static enum core_status read_app(const WCHAR *name, struct core_app_info *info)
{
    enum core_status status;
    unsigned int i;
    HKEY key;

    for (i = 0; i < ARRAY_SIZE(app_hives); i++)
    {
        if (open_app(app_hives[i], name, KEY_QUERY_VALUE, &key)) continue;
        if ((status = read_string(key, name_value, CORE_APP_NAME_MAX_CHARS, &info->name)) >= 0 &&
            (status = read_string(key, url_value, CORE_APP_URL_MAX_CHARS, &info->url)) >= 0)
            status = read_string(key, path_value, CORE_APP_PATH_MAX_CHARS, &info->path);
        RegCloseKey(key);
        if (status < 0) core_app_info_clear(info);
        return status;
    }
    return CORE_E_APP_NOT_REGISTERED;
}

/* Lookups lie on the handshake's path (Invite, Accept, every property
 * read) and cost several registry round trips under Wine.  The last answers
 * are kept until an Apps key changes, which the registry itself reports;
 * where a key cannot be watched (it does not exist yet), nothing is kept. */
struct cached_app
{
    WCHAR guid[CORE_GUID_CHARS + 1];
    enum core_status status;
    struct core_app_info info;
};

#define APP_CACHE_SIZE 32

static SRWLOCK cache_lock = SRWLOCK_INIT;
static struct cached_app cache[APP_CACHE_SIZE];
static unsigned int cache_count, cache_next;
static HANDLE apps_changed; /* manual reset: signaled until the watch is armed again */
static HKEY watched[ARRAY_SIZE(app_hives)];
static BOOL watching;

static char *copy_or_null(const char *str)
{
    return str ? strdup(str) : NULL;
}

static enum core_status copy_info(const struct core_app_info *from, struct core_app_info *to)
{
    to->name = copy_or_null(from->name);
    to->url = copy_or_null(from->url);
    to->path = copy_or_null(from->path);
    if ((from->name && !to->name) || (from->url && !to->url) || (from->path && !to->path))
    {
        core_app_info_clear(to);
        return CORE_E_OUTOFMEMORY;
    }
    return CORE_OK;
}

static void clear_cache(void)
{
    unsigned int i;

    for (i = 0; i < cache_count; i++)
        core_app_info_clear(&cache[i].info);
    cache_count = cache_next = 0;
}

/* The Apps key of a hive, or its deepest existing ancestor: watching that
 * subtree also reports the Apps key's creation. */
static HKEY open_watchable(HKEY hive)
{
    WCHAR path[ARRAY_SIZE(apps_path)];
    WCHAR *cut;
    HKEY key;

    lstrcpyW(path, apps_path);
    for (;;)
    {
        if (!RegOpenKeyExW(hive, path, 0, KEY_NOTIFY | APPS_VIEW, &key)) return key;
        if (!(cut = wcsrchr(path, '\\'))) return NULL;
        *cut = 0;
    }
}

/* Empties the cache if a key changed, and (re)arms the watch; cache_lock
 * held exclusively.  FALSE when the keys cannot be watched. */
static BOOL refresh_watch(void)
{
    unsigned int i;

    if (!apps_changed && !(apps_changed = CreateEventW(NULL, TRUE, FALSE, NULL))) return FALSE;
    if (watching && WaitForSingleObject(apps_changed, 0)) return TRUE;
    clear_cache();
    watching = FALSE;
    ResetEvent(apps_changed);
    for (i = 0; i < ARRAY_SIZE(app_hives); i++)
    {
        if (watched[i]) RegCloseKey(watched[i]);
        watched[i] = NULL;
    }
    for (i = 0; i < ARRAY_SIZE(app_hives); i++)
        if (!(watched[i] = open_watchable(app_hives[i])) ||
            RegNotifyChangeKeyValue(watched[i], TRUE, REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET,
                                    apps_changed, TRUE))
            return FALSE;
    return watching = TRUE;
}

enum core_status appstore_lookup(const char *guid, struct core_app_info *info)
{
    WCHAR name[CORE_GUID_CHARS + 1];
    enum core_status status;
    unsigned int i;
    BOOL cacheable;

    TRACE("%s, %p.\n", guid, info);

    if (!info) return CORE_E_INVALIDARG;
    memset(info, 0, sizeof(*info));
    if ((status = guid_key_name(guid, name)) < 0) return status;

    AcquireSRWLockExclusive(&cache_lock);
    if ((cacheable = refresh_watch()))
    {
        for (i = 0; i < cache_count; i++)
        {
            if (wcscmp(cache[i].guid, name)) continue;
            status = cache[i].status < 0 ? cache[i].status : copy_info(&cache[i].info, info);
            ReleaseSRWLockExclusive(&cache_lock);
            return status;
        }
    }
    ReleaseSRWLockExclusive(&cache_lock);

    status = read_app(name, info);
    if (!cacheable || (status < 0 && status != CORE_E_APP_NOT_REGISTERED)) return status;

    AcquireSRWLockExclusive(&cache_lock);
    /* Only an answer read while nothing changed may be kept. */
    if (watching && WaitForSingleObject(apps_changed, 0))
    {
        struct cached_app *entry = &cache[cache_next];

        if (cache_count < APP_CACHE_SIZE)
            cache_count++;
        else
            core_app_info_clear(&entry->info);
        cache_next = (cache_next + 1) % APP_CACHE_SIZE;
        lstrcpyW(entry->guid, name);
        entry->status = status;
        memset(&entry->info, 0, sizeof(entry->info));
        if (status < 0 || copy_info(info, &entry->info) < 0) entry->status = CORE_E_APP_NOT_REGISTERED;
        if (status >= 0 && entry->status < 0) entry->guid[0] = 0; /* no copy: never a hit */
    }
    ReleaseSRWLockExclusive(&cache_lock);
    return status;
}

static BOOL app_exists(const WCHAR *guid)
{
    unsigned int i;
    HKEY key;

    for (i = 0; i < ARRAY_SIZE(app_hives); i++)
    {
        if (open_app(app_hives[i], guid, KEY_QUERY_VALUE, &key)) continue;
        RegCloseKey(key);
        return TRUE;
    }
    return FALSE;
}

static LSTATUS set_string(HKEY key, const WCHAR *name, const WCHAR *value)
{
    return RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)value, (wcslen(value) + 1) * sizeof(WCHAR));
}

/* Creates Apps\{GUID} in one hive and writes the three strings; on failure
 * nothing is left behind. */
static enum core_status write_app(HKEY hive, const WCHAR *guid, const WCHAR *name, const WCHAR *url,
                                  const WCHAR *path, LSTATUS *ret)
{
    enum core_status status = CORE_OK;
    DWORD disposition;
    HKEY apps, key;

    if ((*ret =
             RegCreateKeyExW(hive, apps_path, 0, NULL, 0, KEY_CREATE_SUB_KEY | APPS_VIEW, NULL, &apps, NULL)))
        return CORE_E_REGISTRY_WRITE;
    if ((*ret = RegCreateKeyExW(apps, guid, 0, NULL, 0, KEY_SET_VALUE | APPS_VIEW, NULL, &key, &disposition)))
    {
        RegCloseKey(apps);
        return CORE_E_REGISTRY_WRITE;
    }
    /* Another process registered the same GUID since app_exists(). */
    if (disposition != REG_CREATED_NEW_KEY)
        status = CORE_E_APP_ALREADY_REGISTERED;
    else if ((*ret = set_string(key, name_value, name)) || (*ret = set_string(key, url_value, url)) ||
             (*ret = set_string(key, path_value, path)))
        status = CORE_E_REGISTRY_WRITE;
    RegCloseKey(key);
    if (status == CORE_E_REGISTRY_WRITE) RegDeleteKeyW(apps, guid);
    RegCloseKey(apps);
    return status;
}

/* Writes HKLM, the documented place; a caller without the right to
 * (not elevated) gets the per-user twin, which lookups also read. */
enum core_status appstore_register(const char *guid, const char *name, const char *url, const char *path)
{
    WCHAR guidW[CORE_GUID_CHARS + 1], nameW[CORE_APP_NAME_MAX_CHARS + 1];
    WCHAR urlW[CORE_APP_URL_MAX_CHARS + 1], pathW[CORE_APP_PATH_MAX_CHARS + 1];
    enum core_status status;
    LSTATUS ret;

    TRACE("%s, %s, %s, %s.\n", guid, name, url, path);

    if ((status = guid_key_name(guid, guidW)) < 0 ||
        (status = wide_from_utf8(name, nameW, CORE_APP_NAME_MAX_CHARS)) < 0 ||
        (status = wide_from_utf8(url, urlW, CORE_APP_URL_MAX_CHARS)) < 0 ||
        (status = wide_from_utf8(path, pathW, CORE_APP_PATH_MAX_CHARS)) < 0)
        return status;

    if (app_exists(guidW)) return CORE_E_APP_ALREADY_REGISTERED;
    status = write_app(HKEY_LOCAL_MACHINE, guidW, nameW, urlW, pathW, &ret);
    if (status == CORE_E_REGISTRY_WRITE && ret == ERROR_ACCESS_DENIED)
    {
        TRACE("HKLM is not writable, registering for the current user.\n");
        status = write_app(HKEY_CURRENT_USER, guidW, nameW, urlW, pathW, &ret);
    }
    if (status == CORE_E_REGISTRY_WRITE) WARN("Registry write failed, error %ld.\n", ret);
    return status;
}

/* Removes the GUID from every hive that has it. */
enum core_status appstore_unregister(const char *guid)
{
    WCHAR name[CORE_GUID_CHARS + 1];
    enum core_status status = CORE_E_APP_NOT_REGISTERED;
    unsigned int i;
    LSTATUS ret;
    HKEY apps;

    TRACE("%s.\n", guid);

    if ((status = guid_key_name(guid, name)) < 0) return status;
    status = CORE_E_APP_NOT_REGISTERED;
    for (i = 0; i < ARRAY_SIZE(app_hives); i++)
    {
        if (RegOpenKeyExW(app_hives[i], apps_path, 0, KEY_ENUMERATE_SUB_KEYS | APPS_VIEW, &apps)) continue;
        ret = RegDeleteKeyW(apps, name);
        RegCloseKey(apps);
        if (ret == ERROR_FILE_NOT_FOUND) continue;
        if (ret)
        {
            WARN("Could not delete %s, error %ld.\n", debugstr_w(name), ret);
            return CORE_E_REGISTRY_WRITE;
        }
        status = CORE_OK;
    }
    return status;
}

static int compare_guids(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the well-formed GUID subkeys of one hive's Apps key. */
static enum core_status list_hive(HKEY hive, char ***guids, size_t *count, size_t *capacity)
{
    WCHAR name[CORE_GUID_CHARS + 2];
    char name8[CORE_GUID_CHARS + 2], normalized[CORE_GUID_CHARS + 1];
    DWORD index, len;
    LSTATUS ret;
    HKEY apps;

    if (RegOpenKeyExW(hive, apps_path, 0, KEY_ENUMERATE_SUB_KEYS | APPS_VIEW, &apps)) return CORE_OK;
    for (index = 0;; index++)
    {
        len = ARRAY_SIZE(name);
        ret = RegEnumKeyExW(apps, index, name, &len, NULL, NULL, NULL, NULL);
        if (ret == ERROR_NO_MORE_ITEMS) break;
        /* Longer names cannot be GUIDs. */
        if (ret || !WideCharToMultiByte(CP_UTF8, 0, name, -1, name8, sizeof(name8), NULL, NULL) ||
            core_guid_normalize(name8, normalized) < 0)
            continue;
        if (*count == *capacity)
        {
            size_t new_capacity = *capacity ? *capacity * 2 : 16;
            char **grown = realloc(*guids, new_capacity * sizeof(**guids));

            if (!grown) break;
            *guids = grown;
            *capacity = new_capacity;
        }
        if (!((*guids)[*count] = strdup(normalized))) break;
        (*count)++;
    }
    RegCloseKey(apps);
    return ret == ERROR_NO_MORE_ITEMS ? CORE_OK : CORE_E_OUTOFMEMORY;
}

enum core_status appstore_list(char ***guids, size_t *count)
{
    size_t capacity = 0, i, kept;
    enum core_status status = CORE_OK;
    unsigned int hive;
    char **list = NULL;

    TRACE("%p, %p.\n", guids, count);

    if (!guids || !count) return CORE_E_INVALIDARG;
    *guids = NULL;
    *count = 0;
    for (hive = 0; hive < ARRAY_SIZE(app_hives) && status >= 0; hive++)
        status = list_hive(app_hives[hive], &list, count, &capacity);
    if (status < 0)
    {
        appstore_free_list(list, *count);
        *count = 0;
        return status;
    }

    if (*count) qsort(list, *count, sizeof(*list), compare_guids);
    for (i = kept = 0; i < *count; i++)
    {
        if (kept && !strcmp(list[kept - 1], list[i]))
            free(list[i]);
        else
            list[kept++] = list[i];
    }
    *guids = list;
    *count = kept;
    return CORE_OK;
}

void appstore_free_list(char **guids, size_t count)
{
    size_t i;

    if (!guids) return;
    for (i = 0; i < count; i++)
        free(guids[i]);
    free(guids);
}
