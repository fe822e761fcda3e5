# Sourced by bin/jtls and bin/run-tests: finds a JDK >= 22 (jtls needs the FFM API) and exports JAVA_HOME.
# Looks at JAVA_HOME first, then every JDK under /usr/lib/jvm (newest first); stops with a message if none fits.

jdk_feature_version() {
  # Prints the feature version (17, 22, 25, ...) of the JDK at $1, or nothing if it is not a JDK.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

find_jdk() {
  local candidate version
  for candidate in ${JAVA_HOME:+"$JAVA_HOME"} $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    version=$(jdk_feature_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge 22 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

requested_java_home=${JAVA_HOME:-}
if ! JAVA_HOME=$(find_jdk); then
  echo "jtls needs a JDK 22 or newer (for the FFM API) and found none." >&2
  echo "Looked at: JAVA_HOME=${requested_java_home:-<unset>} and /usr/lib/jvm/*." >&2
  echo "Install one (e.g. a JDK 25 under /usr/lib/jvm) or point JAVA_HOME at it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own libraries use sun.misc.Unsafe, which JDK 24+ warns about on every build.
if [ "$(jdk_feature_version "$JAVA_HOME")" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi

if ! command -v mvn >/dev/null 2>&1; then
  echo "jtls builds with Maven (mvn), which is not on PATH: install it (apt-get install maven)." >&2
  exit 1
fi
