#!/bin/sh
# make check's bounded fuzzing: every reader of the client's replies for
# FUZZ_CHECK_SECONDS (2 by default) under ASan and UBSan, after replaying its
# regression inputs (fuzz/run.sh; `make fuzz` is the long run).
cd "$(dirname "$0")/../.." || exit 1
exec ./fuzz/run.sh "${FUZZ_BUILD:-build-fuzz}" "${FUZZ_CHECK_SECONDS:-2}"
