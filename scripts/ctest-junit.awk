# Reads the JUnit file of one ctest run (ctest --output-junit <file>) and
# prints one line per skipped test saying why ("SKIP: <reason>", the first
# such line of its output, or "SKIP: <test> (<ctest's reason>)"), one per
# test that did not run for another reason ("NOT RUN: <test> (<ctest's
# reason>)"), and last the counts: "<passed> <failed> <skipped>".
#   awk -f scripts/ctest-junit.awk build/<preset>/junit.xml
#
# ctest (3.21 and later) writes <testsuite tests= failures= disabled=
# skipped=> and a <testcase status=run|fail|notrun|disabled> per test.  Its
# "skipped" counts every test that did not run: the ones skipped on purpose
# (SKIP_RETURN_CODE, SKIP_REGULAR_EXPRESSION) and the ones that could not
# run (missing program, failed fixture, missing required file).  The
# second kind counts as failed here, and disabled tests as skipped.  The
# testcases are checked against the testsuite's totals; a file that does not
# add up, or has no testsuite, prints "error: ..." and exits 2.
#
# Every "<" of the file starts a tag (text and attribute values have theirs
# escaped), so a record is one tag and the text after it, whatever the line
# breaks; plain POSIX awk.

BEGIN {
    RS = "<"
    suites = cases = passed = failures = skips = disabled = others = 0
}

function unescape(s)
{
    gsub(/&lt;/, "<", s)
    gsub(/&gt;/, ">", s)
    gsub(/&quot;/, "\"", s)
    gsub(/&apos;/, "'", s)
    gsub(/&amp;/, "\\&", s)
    return s
}

# The value of attribute <name> of a tag, "" when it has none.
function attr(tag, name)
{
    if (!match(tag, "[ \t\r\n]" name "=\"[^\"]*\""))
        return ""
    return unescape(substr(tag, RSTART + length(name) + 3, RLENGTH - length(name) - 4))
}

# A record's tag name: "testcase", "/testcase", "skipped", ...
function tagname(record)
{
    match(record, /^\/?[^ \t\r\n>\/]*/)
    return substr(record, 1, RLENGTH)
}

{
    tag = tagname($0)
}

tag == "testsuite" {
    suites++
    total_tests = attr($0, "tests") + 0
    total_failures = attr($0, "failures") + 0
    total_disabled = attr($0, "disabled") + 0
    total_skipped = attr($0, "skipped") + 0
}

tag == "testcase" {
    cases++
    in_case = 1
    name = attr($0, "name")
    status = attr($0, "status")
    why = ""
    reason = ""
}

tag == "skipped" && in_case {
    why = attr($0, "message")
}

tag == "system-out" && in_case && reason == "" {
    n = split(substr($0, index($0, ">") + 1), lines, "\n")
    for (i = 1; i <= n; i++)
    {
        line = unescape(lines[i])
        sub(/\r$/, "", line)
        if (line ~ /^SKIP: /)
        {
            reason = line
            break
        }
    }
}

tag == "/testcase" && in_case {
    in_case = 0
    if (status == "run")
        passed++
    else if (status == "disabled")
    {
        disabled++
        print "SKIP: " name " (disabled)"
    }
    else if (status == "notrun" && (why ~ /^SKIP_RETURN_CODE/ || why == "SKIP_REGULAR_EXPRESSION_MATCHED"))
    {
        skips++
        print (reason != "" ? reason : "SKIP: " name " (" why ")")
    }
    else if (status == "notrun")
    {
        others++
        print "NOT RUN: " name " (" why ")"
    }
    else
        failures++
}

END {
    if (suites != 1)
    {
        print "error: " suites " <testsuite> elements, not 1"
        exit 2
    }
    if (cases != total_tests || failures != total_failures || disabled != total_disabled ||
        skips + others != total_skipped)
    {
        print "error: the testcases (" passed " run, " failures " failed, " disabled " disabled, " skips \
              " skipped, " others " not run) do not add up to the testsuite (tests=" total_tests \
              " failures=" total_failures " disabled=" total_disabled " skipped=" total_skipped ")"
        exit 2
    }
    print passed " " (failures + others) " " (skips + disabled)
}
