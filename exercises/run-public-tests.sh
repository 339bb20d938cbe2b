#!/usr/bin/env bash
# Runs the workbook's public tests and prints the score table.
#   exercises/run-public-tests.sh            every exercise
#   exercises/run-public-tests.sh ex2        one exercise (its JUnit tag)
#   exercises/run-public-tests.sh ex2 -Psolutions   against the instructor's solutions
# Failing tests are expected until you have done the exercises: Maven then ends with BUILD FAILURE.
set -euo pipefail
cd "$(dirname "$0")/.."
exercise="${1:-}"
shift || true
args=(-B -pl exercises -am verify -Pworkbook
      "-Dtest=gradlab.exercises.ex*.*Test" -Dsurefire.failIfNoSpecifiedTests=false -Dgradlab.failIfNoTests=false)
if [[ -n "$exercise" ]]; then
  args+=("-Dexercise=$exercise")
fi
exec ./mvnw "${args[@]}" "$@"
