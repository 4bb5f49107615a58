# Sourced by ./mvnw, ./cgc and .ci/run: cgc needs Java 25, which is often not the default `java`.
# Keeps JAVA_HOME when it already is a JDK 25+, else looks in the usual JVM folders.
cgc_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/javac" ] || [ "$(cgc_java_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  for cgc_jdk in /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    if [ -x "$cgc_jdk/bin/javac" ] && [ "$(cgc_java_major "$cgc_jdk")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$cgc_jdk"; break
    fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(cgc_java_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  echo "cgc: needs a JDK 25 or newer; none found in /usr/lib/jvm; set JAVA_HOME to one" >&2
  exit 2
fi
