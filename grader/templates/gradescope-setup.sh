#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image (it has network then).
set -euo pipefail
cd /autograder/source
apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-pip > /dev/null
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install -q torch --index-url https://download.pytorch.org/whl/cpu
/autograder/venv/bin/pip install -q -e /autograder/source/coursekit
/autograder/venv/bin/coursekit --course /autograder/source/coursekit data fetch
