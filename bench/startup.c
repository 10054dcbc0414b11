/*
 * Benchmarks of the signed-in agent: the first CreateSession of a fresh process against a baseline
 * process of Wine's own, and the processes an idle agent keeps for bench/run.sh to watch.
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

/* --startup N: part d of bench/README.md.  Each round starts
 * msgsc-startup-child.exe (startup_child.c) four times, once per variant,
 * each child doing one creation:
 *   the baseline   CoInitialize, Scripting.FileSystemObject (Wine's scrrun)
 *   (c) signed out CoInitialize, the manager, CreateSession, all in process
 *   (a) signed in, the agent running: the same, which only connects
 *   (b) signed in, the agent stopped: the same, which starts the agent
 * so that the four see the same load, and the run prints each median as a
 * ratio to the baseline's.  The identity is signed in the way a person
 * does it, with rundll32 msgsc.dll,SignIn (the registry then names it);
 * "stopped" is what the agent's Exit or a crash leaves: signed in, no agent.
 *
 * --idle-hold: part e.  Signs in, starts a client that holds a manager and
 * an idle process without msgsc, says "ready" on stdout and waits for a
 * line on stdin while run.sh counts their Linux processes' wake-ups.
 *
 * Timing.  The parent stamps QueryPerformanceCounter just before
 * CreateProcess; the child stamps it after each step and writes the stamps
 * into a mapping once it is done, so that nothing it does to report is
 * timed.  The process's own creation time (GetProcessTimes) would be the
 * other choice, but Wine 8 stamps it when the parent's CreateProcess is
 * nearly over: measured here it comes 7 to 15 ms after the call began, a
 * third to a half of a bare process's start, which a self-timed child
 * would miss.  Stamping the end in the child also leaves its exit out:
 * that is timed apart, from the parent's side. */

#include "bench.h"
#include "startup.h"
#include <stddef.h>

#define ROUNDS_MAX 1000
#define WAIT_MS    60000 /* for any one process: a bound, never a pause */

enum kind
{
    KIND_BASELINE,
    KIND_RUNNING,
    KIND_STOPPED,
    KIND_SIGNED_OUT,
    KIND_COUNT
};

static const char *const kind_names[KIND_COUNT] = {
    "baseline: CoInitialize + Scripting.FileSystemObject",
    "(a) signed in, the agent running",
    "(b) signed in, the agent stopped (the call starts it)",
    "(c) signed out (in process)",
};

/* What one child cost, in ms. */
struct run
{
    double total;   /* CreateProcess called -> CreateSession returned */
    double to_main; /* CreateProcess called -> main entered */
    double coinit, create, call;
    double exit; /* CreateSession returned -> the parent saw the exit */
};

/* --- the parent: processes and commands ----------------------------------- */

/* Waits (bounded) for a process to end and closes it; its exit code, or
 * -1 when it had to be ended. */
static int finish_process(HANDLE process)
{
    DWORD code = (DWORD)-1;

    if (!process) return -1;
    if (WaitForSingleObject(process, WAIT_MS) == WAIT_OBJECT_0)
        GetExitCodeProcess(process, &code);
    else
        TerminateProcess(process, code);
    CloseHandle(process);
    return (int)code;
}

/* The msgsc.dll the children's CoCreateInstance loads.  The commands run
 * that one too: a broker runs the DLL of the process that started it. */
static WCHAR dll_path[MAX_PATH];

static BOOL find_dll(void)
{
    WCHAR key[128], clsid[39];
    DWORD size = sizeof(dll_path);

    StringFromGUID2(&CLSID_MsgrSessionManager, clsid, ARRAY_SIZE(clsid));
    swprintf(key, ARRAY_SIZE(key), L"CLSID\\%ls\\InprocServer32", clsid);
    /* RRF_RT_REG_SZ takes an expandable string too, expanded. */
    return !RegGetValueW(HKEY_CLASSES_ROOT, key, NULL, RRF_RT_REG_SZ, NULL, dll_path, &size);
}

/* rundll32 msgsc.dll,<command> <args>: its exit code; *ms, how long it
 * took. */
static int run_command(const char *command, const char *args, double *ms)
{
    WCHAR line[3 * MAX_PATH], system[MAX_PATH];
    LONGLONG start = now();
    int code;

    GetSystemDirectoryW(system, ARRAY_SIZE(system));
    swprintf(line, ARRAY_SIZE(line), L"\"%ls\\rundll32.exe\" \"%ls\",%hs %hs", system, dll_path, command,
             args);
    code = finish_process(start_process(line, NULL));
    if (ms) *ms = to_us(now() - start) / 1000;
    ok(code == 0, "rundll32 msgsc.dll,%s %s exited with %d\n", command, args, code);
    return code;
}

/* Whether HKCU\Software\msgsc names a sign-in: what SignIn writes and
 * SignOut removes (README.md, "Signing in"). */
static BOOL registry_signed_in(void)
{
    DWORD size = 0;

    return !RegGetValueW(HKEY_CURRENT_USER, L"Software\\msgsc", L"SigninName", RRF_RT_REG_SZ, NULL, NULL,
                         &size);
}

/* --- the parent: the agent's states ---------------------------------------- */

struct agent
{
    char signin[64];
    HANDLE process; /* while one runs */
    DWORD pid;
    double sign_in_ms, sign_out_ms; /* the last command's time */
};

/* The identity lives in the registry only, as SignIn leaves it for a
 * person; nothing in the environment may name another one. */
static BOOL prepare_identity(struct agent *agent)
{
    unsigned short port;
    SOCKET s = loopback_socket(&port);
    char value[32];

    memset(agent, 0, sizeof(*agent));
    snprintf(agent->signin, sizeof(agent->signin), "startup-%lu@bench.example", GetCurrentProcessId());
    SetEnvironmentVariableA("MSGSC_SIGNIN", NULL);
    SetEnvironmentVariableA("MSGSC_AGENT", NULL);
    /* A free loopback port, not the default 0.0.0.0:6891 that another
     * broker on this machine may hold; the agent inherits it. */
    if (s == INVALID_SOCKET) return FALSE;
    closesocket(s);
    snprintf(value, sizeof(value), "127.0.0.1:%u", port);
    SetEnvironmentVariableA("MSGSC_LISTEN", value);
    if (!find_dll())
    {
        ok(0, "msgsc.dll is not registered\n");
        return FALSE;
    }
    /* What an earlier run that did not finish left: SignOut stops its agent
     * and forgets the name. */
    if (registry_signed_in()) run_command("SignOut", "", NULL);
    ok(!registry_signed_in(), "still signed in after SignOut\n");
    return !registry_signed_in();
}

/* Takes the running agent: it serves the identity's pipe. */
static BOOL find_agent(struct agent *agent, const char *after)
{
    agent->process = open_broker(agent->signin, SYNCHRONIZE | PROCESS_TERMINATE, &agent->pid);
    ok(agent->process != NULL, "no agent serves %s after %s\n", agent->signin, after);
    return agent->process != NULL;
}

/* Waits for the agent to be gone; nobody may serve its pipe then. */
static BOOL agent_gone(struct agent *agent, const char *after)
{
    BOOL gone = WaitForSingleObject(agent->process, WAIT_MS) == WAIT_OBJECT_0;
    DWORD pid;
    HANDLE other;

    ok(gone, "the agent (pid %lu) is still running after %s\n", agent->pid, after);
    CloseHandle(agent->process);
    agent->process = NULL;
    if ((other = open_broker(agent->signin, SYNCHRONIZE, &pid)))
    {
        ok(0, "process %lu serves %s after %s\n", pid, agent->signin, after);
        CloseHandle(other);
        return FALSE;
    }
    return gone;
}

/* Signed out -> signed in with the agent running. */
static BOOL sign_in(struct agent *agent)
{
    return !run_command("SignIn", agent->signin, &agent->sign_in_ms) && find_agent(agent, "SignIn");
}

/* Signed in with the agent running -> signed out, no agent. */
static BOOL sign_out(struct agent *agent)
{
    LONGLONG start = now();
    BOOL done = !run_command("SignOut", "", NULL) && agent_gone(agent, "SignOut");

    agent->sign_out_ms = to_us(now() - start) / 1000;
    ok(!registry_signed_in(), "SignOut left the sign-in name\n");
    return done && !registry_signed_in();
}

/* Signed in with the agent running -> signed in, no agent: what a crash or
 * the agent's Exit leaves. */
static BOOL stop_agent(struct agent *agent)
{
    TerminateProcess(agent->process, 9);
    return agent_gone(agent, "TerminateProcess") && registry_signed_in();
}

/* --- d. start-up ------------------------------------------------------------ */

static struct stamps *shared;
static char shared_name[64];

/* One child of kind in slot; FALSE when it failed. */
static BOOL measure(enum kind kind, unsigned int slot, struct run *out)
{
    struct stamps *stamps = &shared[slot];
    LONGLONG started = 0, ended;
    char args[128];
    HANDLE process;
    int code;

    snprintf(args, sizeof(args), "%s %s %u", kind == KIND_BASELINE ? "fso" : "session", shared_name, slot);
    if (!(process = start_sibling(STARTUP_CHILD, args, &started))) return FALSE;
    WaitForSingleObject(process, WAIT_MS);
    ended = now();
    code = finish_process(process);
    ok(code == 0 && stamps->session, "%s: the child exited with %d, hr %#lx\n", kind_names[kind], code,
       stamps->hr);
    if (code || !stamps->session) return FALSE;
    out->total = to_us(stamps->session - started) / 1000;
    out->to_main = to_us(stamps->main - started) / 1000;
    out->coinit = to_us(stamps->coinit - stamps->main) / 1000;
    out->create = to_us(stamps->created - stamps->coinit) / 1000;
    out->call = to_us(stamps->session - stamps->created) / 1000;
    out->exit = to_us(ended - stamps->session) / 1000;
    return TRUE;
}

/* One round: every variant once, each after the state it needs. */
static BOOL round_trip(struct agent *agent, unsigned int index, unsigned int slot,
                       struct run runs[KIND_COUNT])
{
    unsigned int i;

    /* Signed out: the baseline and (c), which come first in turn. */
    for (i = 0; i < 2; i++)
    {
        enum kind kind = (index + i) & 1 ? KIND_BASELINE : KIND_SIGNED_OUT;

        if (!measure(kind, slot + kind, &runs[kind])) return FALSE;
    }
    if (!sign_in(agent) || !measure(KIND_RUNNING, slot + KIND_RUNNING, &runs[KIND_RUNNING])) return FALSE;
    ok(WaitForSingleObject(agent->process, 0) == WAIT_TIMEOUT, "the agent ended during (a)\n");
    if (!stop_agent(agent) || !measure(KIND_STOPPED, slot + KIND_STOPPED, &runs[KIND_STOPPED])) return FALSE;
    return find_agent(agent, "(b)") && sign_out(agent);
}

/* The percentile of one field of count runs. */
static double run_percentile(const struct run *runs, unsigned int count, size_t field, double fraction)
{
    double *values = malloc(count * sizeof(*values)), value;
    unsigned int i;

    if (!values) return 0;
    for (i = 0; i < count; i++)
        values[i] = *(const double *)((const char *)&runs[i] + field);
    value = percentile(values, count, fraction);
    free(values);
    return value;
}

static void print_startup(struct run *runs[KIND_COUNT], unsigned int count, const double *sign_in_ms,
                          const double *sign_out_ms)
{
    double base = run_percentile(runs[KIND_BASELINE], count, offsetof(struct run, total), 0.5),
           ratio[KIND_COUNT];
    double *paired = malloc(count * sizeof(*paired));
    unsigned int k, i;

    if (!paired) return;
    printf("\nd. Start-up: the first CreateSession of a fresh process, from CreateProcess in the parent to "
           "CreateSession returned in the child; %u rounds, each variant once per round, in ms\n",
           count);
    printf("   %-54s %7s %17s %8s   %s\n", "", "median", "[p25 .. p75]", "ratio",
           "per round: median [p25 .. p75]");
    for (k = 0; k < KIND_COUNT; k++)
    {
        double median = run_percentile(runs[k], count, offsetof(struct run, total), 0.5);

        /* Each round's child against the same round's baseline: the load a
         * round saw cancels out. */
        for (i = 0; i < count; i++)
            paired[i] = runs[k][i].total / runs[KIND_BASELINE][i].total;
        ratio[k] = base > 0 ? median / base : 0;
        printf("   %-54s %7.1f [%6.1f .. %6.1f] %7.2fx   %5.2fx [%4.2f .. %4.2f]\n", kind_names[k], median,
               run_percentile(runs[k], count, offsetof(struct run, total), 0.25),
               run_percentile(runs[k], count, offsetof(struct run, total), 0.75), ratio[k],
               percentile(paired, count, 0.5), percentile(paired, count, 0.25),
               percentile(paired, count, 0.75));
    }
    printf("   %-54s %9s %13s %17s %14s %6s\n", "where the time goes (medians, ms):", "to main",
           "CoInitialize", "CoCreateInstance", "CreateSession", "exit");
    for (k = 0; k < KIND_COUNT; k++)
        printf("   %-54s %9.1f %13.1f %17.1f %14.1f %6.1f\n", kind_names[k],
               run_percentile(runs[k], count, offsetof(struct run, to_main), 0.5),
               run_percentile(runs[k], count, offsetof(struct run, coinit), 0.5),
               run_percentile(runs[k], count, offsetof(struct run, create), 0.5),
               run_percentile(runs[k], count, offsetof(struct run, call), 0.5),
               run_percentile(runs[k], count, offsetof(struct run, exit), 0.5));
    printf(
        "   (the baseline's CoCreateInstance includes CLSIDFromProgID; exit: release, CoUninitialize and the "
        "process's end as its parent sees it)\n");
    printf("   SignIn until the agent runs: %.1f ms; SignOut until the agent has exited: %.1f ms (medians)\n",
           percentile(sign_in_ms, count, 0.5), percentile(sign_out_ms, count, 0.5));
    print_target("first CreateSession with the agent running, to the baseline", ratio[KIND_RUNNING], 1.2,
                 "x");
    fflush(stdout);
    free(paired);
}

static int run_startup(unsigned int count)
{
    struct run *runs[KIND_COUNT] = {0}, warm[KIND_COUNT];
    double *sign_in_ms = calloc(count, sizeof(double)), *sign_out_ms = calloc(count, sizeof(double));
    unsigned int i, k, done = 0, slots = (count + 1) * KIND_COUNT;
    struct agent agent;
    HANDLE mapping;
    BOOL good = TRUE;

    for (k = 0; k < KIND_COUNT; k++)
        good &= (runs[k] = calloc(count, sizeof(struct run))) != NULL;
    snprintf(shared_name, sizeof(shared_name), "msgsc-startup-%lu", GetCurrentProcessId());
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, slots * sizeof(*shared),
                                 shared_name);
    shared = mapping ? MapViewOfFile(mapping, FILE_MAP_ALL_ACCESS, 0, 0, 0) : NULL;
    if (!good || !sign_in_ms || !sign_out_ms || !shared || !prepare_identity(&agent)) return 1;

    printf("msgsc start-up benchmark: %s signs in and out with rundll32 %ls\n", agent.signin, dll_path);
    fflush(stdout);
    /* A first round that does not count: the wineserver, the prefix's
     * services and the page cache are warm for every counted one. */
    if (round_trip(&agent, 0, 0, warm))
        for (i = 0; i < count; i++)
        {
            struct run row[KIND_COUNT];

            if (!round_trip(&agent, i, (i + 1) * KIND_COUNT, row)) break;
            for (k = 0; k < KIND_COUNT; k++)
                runs[k][i] = row[k];
            sign_in_ms[i] = agent.sign_in_ms;
            sign_out_ms[i] = agent.sign_out_ms;
            done++;
        }
    if (agent.process)
        sign_out(&agent);
    else if (registry_signed_in())
        run_command("SignOut", "", NULL);
    if (done) print_startup(runs, done, sign_in_ms, sign_out_ms);
    printf("\n%s (%d functional checks failed)\n",
           test_failed ? "SOME START-UPS FAILED" : "every start-up worked", test_failed);
    for (k = 0; k < KIND_COUNT; k++)
        free(runs[k]);
    free(sign_in_ms);
    free(sign_out_ms);
    UnmapViewOfFile(shared);
    CloseHandle(mapping);
    return test_failed ? 1 : 0;
}

/* --- e. idle: the processes run.sh watches ---------------------------------- */

static HANDLE start_idle(const char *mode, const char *quit_name, HANDLE *ready)
{
    char args[192], ready_name[64];
    HANDLE process, waits[2];

    snprintf(ready_name, sizeof(ready_name), "%s-%s", quit_name, mode);
    *ready = CreateEventA(NULL, TRUE, FALSE, ready_name);
    snprintf(args, sizeof(args), "%s %s %s", mode, ready_name, quit_name);
    if (!*ready || !(process = start_sibling(STARTUP_CHILD, args, NULL))) return NULL;
    waits[0] = *ready;
    waits[1] = process;
    ok(WaitForMultipleObjects(2, waits, FALSE, WAIT_MS) == WAIT_OBJECT_0, "%s did not get ready\n", mode);
    return process;
}

static int run_idle_hold(void)
{
    HANDLE quit, client = NULL, plain = NULL, ready[2] = {0};
    char quit_name[64], line[64];
    struct agent agent;
    DWORD read;

    snprintf(quit_name, sizeof(quit_name), "msgsc-idle-%lu", GetCurrentProcessId());
    if (!(quit = CreateEventA(NULL, TRUE, FALSE, quit_name)) || !prepare_identity(&agent) || !sign_in(&agent))
        return 1;
    client = start_idle("idle-client", quit_name, &ready[0]);
    plain = start_idle("idle-plain", quit_name, &ready[1]);
    if (client && plain && !test_failed)
    {
        printf("ready: agent %lu, client %lu, idle process %lu (Windows pids)\n", agent.pid,
               GetProcessId(client), GetProcessId(plain));
        fflush(stdout);
        /* run.sh counts now; a line or the end of the input ends it. */
        while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), line, sizeof(line), &read, NULL) && read &&
               !memchr(line, '\n', read))
            ;
    }
    SetEvent(quit);
    ok(finish_process(client) == 0, "the client failed\n");
    ok(finish_process(plain) == 0, "the idle process failed\n");
    ok(WaitForSingleObject(agent.process, 0) == WAIT_TIMEOUT, "the agent ended while idle\n");
    sign_out(&agent);
    printf("idle: %s (%d functional checks failed)\n", test_failed ? "FAILED" : "done", test_failed);
    return test_failed ? 1 : 0;
}

static void usage(void)
{
    printf("usage: msgsc-startup [--startup ROUNDS] | --idle-hold\n");
}

int main(int argc, char **argv)
{
    WSADATA wsa;
    int result;

    clock_init();
    WSAStartup(MAKEWORD(2, 2), &wsa);
    if (argc == 2 && !strcmp(argv[1], "--idle-hold"))
        result = run_idle_hold();
    else if (argc == 1 ||
             (argc == 3 && !strcmp(argv[1], "--startup") && atoi(argv[2]) > 0 && atoi(argv[2]) <= ROUNDS_MAX))
        result = run_startup(argc == 3 ? (unsigned int)atoi(argv[2]) : 30);
    else
    {
        usage();
        result = 2;
    }
    WSACleanup();
    return result;
}
