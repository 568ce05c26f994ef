# Sourced by ./mvnw before Maven starts. Maven itself runs on any JDK 17+, but Switchboard
# compiles, tests and runs on JDK 25, which the toolchains plugin finds among installed JDKs.
# When there is none, stop here with one sentence instead of the plugin's toolchains.xml advice.
# Set SWITCHBOARD_SKIP_JDK_CHECK=1 to skip this check (for a JDK in a place not listed below).
switchboard_required_jdk=25
switchboard_jdk_major() {
  [ -f "$1/release" ] || return 1
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1
}
switchboard_has_jdk() {
  for candidate in "$@"; do
    [ -d "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(switchboard_jdk_major "$candidate") || continue
    [ -n "$major" ] && [ "$major" -ge "$switchboard_required_jdk" ] && return 0
  done
  return 1
}
if [ "${SWITCHBOARD_SKIP_JDK_CHECK:-}" != "1" ]; then
  set +f # mvnw runs with globbing off; the search below needs it
  switchboard_path_java=$(command -v java 2>/dev/null || true)
  [ -n "$switchboard_path_java" ] && switchboard_path_java=$(dirname "$(dirname "$(readlink -f "$switchboard_path_java")")")
  switchboard_env_homes=$(env | sed -n 's/^JAVA[0-9_]*_HOME=\(.*\)$/\1/p')
  # shellcheck disable=SC2086
  if ! switchboard_has_jdk "${JAVA_HOME:-}" "$switchboard_path_java" $switchboard_env_homes \
      /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
      "$HOME"/.gradle/jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; then
    echo "Switchboard needs a JDK $switchboard_required_jdk or newer to build and run, and none is installed here (looked at JAVA_HOME, PATH, JAVA*_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman and ~/.jdks): install one, e.g. Temurin 25, or set JAVA_HOME to it." >&2
    exit 1
  fi
  set -f
fi
