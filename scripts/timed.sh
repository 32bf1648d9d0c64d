# Sourced by scripts/bench.sh and scripts/bench_against.sh: one way to time a build.
#
# timed OUT ERR REPORT COMMAND...: runs COMMAND under GNU time (`/usr/bin/time -v`, its report
# in REPORT), COMMAND's output in OUT and ERR; returns COMMAND's status, and on success sets
#   TIMED_WALL  elapsed seconds (clock before and after, 4 decimals)
#   TIMED_CPU   user + system seconds (2 decimals)
#   TIMED_RSS   peak resident set size in KiB
timed() {
    local out=$1 err=$2 report=$3
    shift 3
    local start end status=0
    start=$(date +%s%N)
    /usr/bin/time -v -o "$report" "$@" >"$out" 2>"$err" || status=$?
    end=$(date +%s%N)
    [ "$status" = 0 ] || return "$status"
    local user sys
    TIMED_RSS=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$report")
    user=$(sed -n 's/^[[:space:]]*User time (seconds): //p' "$report")
    sys=$(sed -n 's/^[[:space:]]*System time (seconds): //p' "$report")
    TIMED_WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    TIMED_CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
}
