#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image (it has network then).
set -euo pipefail
cd /autograder/source
apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-pip bubblewrap > /dev/null
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install -q torch --index-url https://download.pytorch.org/whl/cpu
/autograder/venv/bin/pip install -q -e /autograder/source/coursekit
/autograder/venv/bin/coursekit --course /autograder/source/coursekit data fetch
# Where the container refuses namespaces, the learner's code still runs as nobody: keep what
# it must not read readable by root alone.
chmod -R go-rwx /autograder/source/coursekit/solutions /autograder/source/coursekit/grader/checks/hidden \
    /autograder/source/coursekit/.git 2> /dev/null || true
